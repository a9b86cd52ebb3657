import { coreSettingsFrom, defaultCoreSettings } from '../../src/app/createUseCases';
import { loadConfig } from '../../src/config';

describe('coreSettingsFrom', () => {
  it('gives the defaults for an empty environment', () => {
    expect(coreSettingsFrom(loadConfig({}).settings)).toEqual(defaultCoreSettings);
  });

  it('takes the configured rules', () => {
    const settings = coreSettingsFrom(
      loadConfig({
        ROTATION_MONTHS: '6',
        MUNICIPALITY_NAMES: 'Lindesberg, Nora ,',
        SUPPORT_CONTACT: 'Ring 1234',
        SERVICE_NAME: 'Procapita',
        PASSWORD_CHECK_MAX_FAILURES: '2',
        PASSWORD_CHECK_WINDOW_MINUTES: '60',
      }).settings,
    );
    expect(settings).toEqual({
      ...defaultCoreSettings,
      rotationMonths: 6,
      municipalityNames: ['Lindesberg', 'Nora'],
      supportContact: 'Ring 1234',
      serviceName: 'Procapita',
      passwordCheckMaxFailures: 2,
      passwordCheckWindowMs: 3_600_000,
    });
  });
});
