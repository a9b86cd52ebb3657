/**
 * Every text the Teams edge shows, in Swedish and English. Cards take all their words from here;
 * the templates in cards/ hold layout only. Parameters never carry a password or a code.
 */
import type { DirectoryPasswordRefusal, SmsRefusalReason } from '../domain/errors';
import type { PhoneProblem } from '../domain/phoneNumber';
import type { BlockedWordCategory, CharacterKind, PolicyFailure } from '../domain/passwordPolicy';
import type { Catalogue } from './catalogue';

export interface CardTexts {
  readonly common: {
    readonly cancel: string;
    readonly done: string;
    readonly submitted: string;
    readonly cancelled: string;
    readonly notResponsible: string;
    readonly noAccounts: string;
    readonly notUnderstood: string;
    readonly invalidCard: string;
    readonly staleCard: string;
    readonly groupChat: string;
    readonly typePasswordInCard: string;
    readonly useTheCard: string;
    readonly helpButton: string;
    readonly myAccountsButton: string;
  };
  readonly errors: {
    readonly unexpected: string;
    readonly directoryUnavailable: string;
    readonly smsUnavailable: string;
    readonly storeUnavailable: string;
  };
  readonly welcome: {
    readonly title: (name: string | null) => string;
    readonly intro: string;
    readonly routines: readonly string[];
    readonly accountsHeading: string;
    readonly noAccounts: string;
    readonly hint: string;
    readonly reset: string;
    readonly registerMobile: string;
    readonly myAccounts: string;
  };
  readonly chooseAccount: {
    readonly title: (routine: 'reset' | 'register-mobile') => string;
    readonly text: string;
  };
  readonly currentPassword: {
    readonly title: string;
    readonly text: (account: string) => string;
    readonly label: (account: string) => string;
    readonly submit: string;
    readonly empty: string;
    readonly wrong: (attemptsLeft: number) => string;
    readonly exhausted: (retryAt: string) => string;
    readonly lockoutRisk: string;
    readonly locked: (support: string) => string;
    readonly disabled: (support: string) => string;
    readonly proofExpired: string;
  };
  readonly newNumber: {
    readonly title: (account: string) => string;
    readonly onFile: (masked: string) => string;
    readonly noneOnFile: string;
    readonly workMobileFilled: string;
    readonly noWorkMobile: string;
    readonly label: string;
    readonly placeholder: string;
    readonly submit: string;
    readonly problem: Readonly<Record<PhoneProblem, string>>;
  };
  readonly code: {
    readonly label: string;
    readonly placeholder: string;
    readonly resend: string;
    readonly sentTo: (masked: string) => string;
    readonly mayTake: string;
    readonly validUntil: (time: string) => string;
    readonly resendFrom: (time: string) => string;
    readonly wrong: (attemptsLeft: number) => string;
    readonly malformed: string;
    readonly expired: string;
    readonly tooMany: string;
    readonly noCode: string;
    readonly resendTooEarly: (time: string) => string;
    readonly rateLimited: (time: string) => string;
    /** Takes the configured support contact (SUPPORT_CONTACT) for the refusals only support can resolve. */
    readonly smsRefused: Readonly<Record<SmsRefusalReason, (support: string) => string>>;
  };
  readonly confirmMobile: {
    readonly title: string;
    readonly why: string;
    readonly submit: string;
  };
  readonly mobileSaved: {
    readonly title: string;
    readonly text: (account: string, masked: string) => string;
    readonly previousNotified: string;
    readonly offerReset: string;
    readonly resetNow: string;
  };
  readonly resetCode: {
    readonly title: (account: string) => string;
    readonly submit: string;
    readonly noMobile: (account: string) => string;
    readonly registerMobile: string;
  };
  readonly newPassword: {
    readonly title: (account: string) => string;
    readonly rulesHeading: string;
    readonly rules: (min: number, max: number, kinds: number) => readonly string[];
    readonly verifiedUntil: (time: string) => string;
    readonly label: string;
    readonly repeatLabel: string;
    readonly submit: string;
    readonly mismatch: string;
    readonly refusedHeading: string;
    readonly failure: (failure: PolicyFailure) => string;
    readonly earlier: (variant: boolean) => string;
    readonly directoryRefused: Readonly<Record<DirectoryPasswordRefusal, string>>;
    readonly tryAnother: string;
    readonly notVerified: string;
  };
  readonly passwordChanged: {
    readonly title: string;
    readonly text: (account: string) => string;
    readonly testLogin: (service: string) => string;
    readonly nextDue: (date: string) => string;
    readonly notified: string;
    readonly support: (support: string) => string;
  };
  readonly myAccounts: {
    readonly title: string;
    readonly roleManager: string;
    readonly roleDelegate: (manager: string | null) => string;
    readonly lastChange: string;
    readonly never: string;
    readonly due: string;
    readonly overdue: string;
    readonly mobile: string;
    readonly noMobile: string;
    readonly delegates: string;
    readonly noDelegates: string;
    readonly locked: string;
    readonly reset: string;
    readonly changeMobile: string;
    readonly remove: (name: string) => string;
    readonly addDelegate: string;
    readonly searchLabel: string;
    readonly searchPlaceholder: string;
    readonly search: string;
  };
  readonly delegates: {
    readonly resultsTitle: (account: string) => string;
    readonly noMatch: (query: string) => string;
    readonly emptyQuery: string;
    readonly add: string;
    readonly back: string;
    readonly added: (name: string, account: string) => string;
    readonly removed: (name: string, account: string) => string;
    readonly notManager: string;
    readonly alreadyDelegate: string;
    readonly notADelegate: string;
    readonly personNotFound: string;
    readonly isManager: string;
  };
  readonly notice: {
    readonly passwordChangedTitle: string;
    readonly passwordChanged: (by: string, account: string, date: string, time: string) => string;
    readonly mobileChangedTitle: string;
    readonly mobileChanged: (by: string, account: string, masked: string, date: string, time: string) => string;
    readonly delegateAddedTitle: string;
    readonly delegateAdded: (by: string, delegate: string, account: string, date: string, time: string) => string;
    readonly delegateRemovedTitle: string;
    readonly delegateRemoved: (by: string, delegate: string, account: string, date: string, time: string) => string;
    readonly unexpected: string;
  };
}

const svKinds: Record<CharacterKind, string> = {
  upper: 'stora bokstäver (A–Z)',
  lower: 'små bokstäver (a–z)',
  digit: 'siffror (0–9)',
  special: 'specialtecken (t.ex. ! ? # % - _)',
};
const enKinds: Record<CharacterKind, string> = {
  upper: 'upper-case letters (A–Z)',
  lower: 'lower-case letters (a–z)',
  digit: 'digits (0–9)',
  special: 'special characters (e.g. ! ? # % - _)',
};
const svBlocked: Record<BlockedWordCategory, string> = {
  'season-month-weekday': 'en årstid, månad eller veckodag',
  'common-word': 'ett vanligt ord (som Treserva, lösenord, password, welcome)',
  'keyboard-run': 'en tangentbordsföljd (som qwerty, asdf, 123456)',
  municipality: 'kommunens namn',
};
const enBlocked: Record<BlockedWordCategory, string> = {
  'season-month-weekday': 'a season, month or weekday (Swedish)',
  'common-word': 'a common word (such as Treserva, lösenord, password, welcome)',
  'keyboard-run': 'a keyboard run (such as qwerty, asdf, 123456)',
  municipality: "the municipality's name",
};

const list = (items: readonly string[], and: string) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;

const sv: CardTexts = {
  common: {
    cancel: 'Avbryt',
    done: 'Klart.',
    submitted: 'Tack, det är mottaget.',
    cancelled: 'Avbrutet. Inget mer ändras. Skriv "hjälp" när du vill börja om.',
    notResponsible: 'Jag hittar inget konto med det namnet som du är ansvarig för.',
    noAccounts:
      'Du står inte som ansvarig chef eller delegat för något delat konto. Be kontots ansvariga chef att delegera det till dig, eller kontakta supporten.',
    notUnderstood: 'Det förstod jag inte. Välj något nedan, eller skriv till exempel "byt lösenord", "mobilnummer" eller "mina konton".',
    invalidCard: 'Det kortet kunde jag inte läsa, så inget har ändrats. Försök igen, eller skriv "hjälp".',
    staleCard: 'Det kortet hör till ett steg som inte längre är aktuellt. Här är var du är nu:',
    groupChat:
      'Lösenord och mobilnummer för delade konton sköter jag bara i en privat chatt med mig. Öppna en chatt med Rotera och skriv "hjälp".',
    typePasswordInCard: 'Skriv aldrig lösenord i chatten. Använd lösenordsfältet i kortet.',
    useTheCard: 'Använd kortet nedan, eller skriv "avbryt".',
    helpButton: 'Hjälp',
    myAccountsButton: 'Mina konton',
  },
  errors: {
    unexpected: 'Något gick fel hos mig. Försök igen om en stund. Om felet finns kvar, kontakta supporten.',
    directoryUnavailable: 'Jag når inte katalogen just nu, så inget har ändrats. Försök igen om några minuter.',
    smsUnavailable: 'Sms-tjänsten svarar inte just nu, så ingen kod har skickats. Försök igen om några minuter.',
    storeUnavailable: 'Jag kan inte spara just nu, så inget har ändrats. Försök igen om några minuter.',
  },
  welcome: {
    title: (name) => (name ? `Hej ${name}!` : 'Hej!'),
    intro:
      'Jag är Rotera. Jag hjälper dig som ansvarig chef, eller den du delegerat till, att sköta lösenordet för enhetens delade konto.',
    routines: [
      'Registrera eller byt mobilnummer för kontot (du behöver kontots nuvarande lösenord).',
      'Byt lösenord med en kod som skickas med sms till kontots mobilnummer.',
      'Se dina konton, när lösenordet ska bytas och vilka som är delegerade. Var tredje månad påminner jag dig.',
    ],
    accountsHeading: 'Konton du ansvarar för',
    noAccounts: 'Du står inte som ansvarig för något delat konto ännu.',
    hint: 'Du kan också skriva: byt lösenord, mobilnummer, mina konton, hjälp eller avbryt.',
    reset: 'Byt lösenord',
    registerMobile: 'Registrera mobilnummer',
    myAccounts: 'Mina konton',
  },
  chooseAccount: {
    title: (routine) => (routine === 'reset' ? 'Vilket kontos lösenord vill du byta?' : 'Vilket konto gäller mobilnumret?'),
    text: 'Välj kontot, eller skriv kontots namn.',
  },
  currentPassword: {
    title: 'Bekräfta kontots nuvarande lösenord',
    text: (account) =>
      `För att ändra mobilnumret för ${account} behöver du visa att du kan kontots nuvarande lösenord. Jag kontrollerar det mot katalogen och sparar det inte.`,
    label: (account) => `Nuvarande lösenord för ${account}`,
    submit: 'Nästa',
    empty: 'Skriv kontots nuvarande lösenord först.',
    wrong: (n) =>
      n === 1
        ? 'Lösenordet stämmer inte. Du har 1 försök kvar, sedan gör jag en paus så att kontot inte låses.'
        : `Lösenordet stämmer inte. Du har ${n} försök kvar, sedan gör jag en paus så att kontot inte låses.`,
    exhausted: (time) =>
      `För många felaktiga försök. Jag gör en paus till kl ${time} så att kontot inte låses för hela enheten. Har ni glömt lösenordet? Byt det med "Byt lösenord" om ett mobilnummer är registrerat.`,
    lockoutRisk:
      'Kontot är nära att låsas i katalogen, så jag provar inte fler lösenord nu. Vänta en stund eller byt lösenordet med "Byt lösenord".',
    locked: (support) =>
      `Kontot är låst i katalogen. Är ett mobilnummer registrerat kan du byta lösenord med "Byt lösenord", det låser upp kontot. Annars: ${support}`,
    disabled: (support) => `Kontot är avstängt i katalogen. ${support}`,
    proofExpired: 'Det har gått för lång tid sedan du bekräftade lösenordet. Skriv kontots nuvarande lösenord igen.',
  },
  newNumber: {
    title: (account) => `Mobilnummer för ${account}`,
    onFile: (masked) => `Registrerat nu: ${masked}`,
    noneOnFile: 'Inget mobilnummer är registrerat ännu.',
    workMobileFilled: 'Har du en arbetsmobil ska den användas i första hand. Jag har fyllt i din arbetsmobil.',
    noWorkMobile: 'Använd en arbetsmobil i första hand. Har du ingen går det bra med ditt privata nummer.',
    label: 'Nytt mobilnummer',
    placeholder: '070-123 45 67',
    submit: 'Skicka kod',
    problem: {
      'not-a-number': 'Det ser inte ut som ett telefonnummer. Skriv till exempel 070-123 45 67 eller +46 70 123 45 67.',
      'not-a-mobile': 'Det är inte ett mobilnummer (kanske en fast telefon). Koden skickas med sms, så numret måste gå till en mobil.',
      'special-service': 'Det är ett specialnummer (betalnummer, gratisnummer eller liknande) och kan inte användas.',
    },
  },
  code: {
    label: 'Kod från sms (6 siffror)',
    placeholder: '123456',
    resend: 'Skicka ny kod',
    sentTo: (masked) => `Jag har skickat en kod med sms till ${masked}.`,
    mayTake: 'Det kan ta upp till 3 minuter innan sms:et kommer.',
    validUntil: (time) => `Koden gäller till kl ${time}.`,
    resendFrom: (time) => `Har inget sms kommit? Från kl ${time} kan du be om en ny kod.`,
    wrong: (n) => (n === 1 ? 'Fel kod. Du har 1 försök kvar.' : `Fel kod. Du har ${n} försök kvar.`),
    malformed: 'Koden består av sex siffror. Försök igen.',
    expired: 'Koden har gått ut. Be om en ny kod.',
    tooMany: 'För många felaktiga försök, så koden gäller inte längre. Be om en ny kod.',
    noCode: 'Det finns ingen giltig kod. Be om en ny kod.',
    resendTooEarly: (time) => `Vänta lite: du kan be om en ny kod från kl ${time}.`,
    rateLimited: (time) => `Det har skickats många koder för kontot. Försök igen efter kl ${time}.`,
    smsRefused: {
      'invalid-number': () => 'Sms-tjänsten godtar inte numret. Kontrollera det och försök igen.',
      'not-a-mobile': () => 'Sms-tjänsten säger att numret inte är en mobil. Använd ett mobilnummer.',
      'country-not-enabled': () => 'Sms till det landet är inte påslaget. Använd ett svenskt mobilnummer.',
      // Our sender id is alphanumeric and cannot receive replies, so "svara START" would lead nowhere.
      'opted-out': (support) =>
        `Numret har spärrat sms från vår avsändare, så ingen kod kunde skickas. Välj ett annat mobilnummer eller kontakta supporten. ${support}`,
      'provider-auth': (support) => `Sms-tjänsten är felinställd, så ingen kod kunde skickas. ${support}`,
      'daily-cap-reached': (support) => `Dagens gräns för sms är nådd, så ingen kod kunde skickas. Försök igen i morgon. ${support}`,
    },
  },
  confirmMobile: {
    title: 'Bekräfta det nya numret',
    why: 'Numret sparas först när koden stämmer, så att ett felskrivet nummer inte låser ute er senare.',
    submit: 'Bekräfta',
  },
  mobileSaved: {
    title: 'Mobilnumret är sparat',
    text: (account, masked) => `Koder för ${account} skickas från och med nu till ${masked}.`,
    previousNotified: 'Det tidigare numret har fått ett sms om bytet.',
    offerReset: 'Vill du byta lösenord nu?',
    resetNow: 'Byt lösenord nu',
  },
  resetCode: {
    title: (account) => `Byt lösenord för ${account}`,
    submit: 'Nästa',
    noMobile: (account) =>
      `Inget mobilnummer är registrerat för ${account}, så jag kan inte skicka någon kod. Registrera ett mobilnummer först (du behöver kontots nuvarande lösenord).`,
    registerMobile: 'Registrera mobilnummer',
  },
  newPassword: {
    title: (account) => `Nytt lösenord för ${account}`,
    rulesHeading: 'Det nya lösenordet ska',
    rules: (min, max, kinds) => [
      `vara minst ${min} och högst ${max} tecken långt`,
      `innehålla minst ${kinds} av de här fyra: stora bokstäver A–Z, små bokstäver a–z, siffror och specialtecken (t.ex. ! ? # %)`,
      'bara innehålla tecken som finns på ett engelskt tangentbord: inte å, ä, ö eller andra bokstäver utanför A–Z',
      'inte innehålla kontots namn eller enhetens namn',
      'inte bygga på en årstid, månad eller veckodag, ord som Treserva, lösenord och password, kommunens namn eller tangentbordsföljder som qwerty och 123456, inte heller med siffror eller tecken efter (till exempel Sommar2026!)',
    ],
    verifiedUntil: (time) => `Koden stämde. Du kan välja lösenord fram till kl ${time} utan ny kod.`,
    label: 'Nytt lösenord',
    repeatLabel: 'Skriv det nya lösenordet igen',
    submit: 'Byt lösenord',
    mismatch: 'Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.',
    refusedHeading: 'Lösenordet godtas inte:',
    failure: (f) => {
      switch (f.kind) {
        case 'too-short':
          return `Det är för kort: minst ${f.min} tecken.`;
        case 'too-long':
          return `Det är för långt: högst ${f.max} tecken.`;
        case 'too-few-kinds':
          return `Det behöver minst ${f.required} sorters tecken. Lägg till ${list(f.missing.map((k) => svKinds[k]), 'eller')}.`;
        case 'non-ascii':
          return 'Det innehåller å, ä, ö eller ett annat tecken utanför A–Z, som inte går att använda.';
        case 'control-character':
          return 'Det innehåller ett osynligt styrtecken (till exempel tab eller radbrytning).';
        case 'contains-account-name':
          return 'Det innehåller kontots namn.';
        case 'contains-display-name':
          return 'Det innehåller enhetens namn.';
        case 'blocked-word':
          return `Det bygger på ${svBlocked[f.category]}, som är lätt att gissa.`;
      }
    },
    earlier: (variant) =>
      variant
        ? 'Det liknar ett lösenord som kontot har haft (samma bokstäver, andra siffror eller tecken). Välj ett helt nytt.'
        : 'Det lösenordet har kontot redan haft. Välj ett nytt.',
    directoryRefused: {
      'in-history': 'Katalogen godtar inte lösenordet eftersom det har använts tidigare.',
      complexity: 'Katalogen tycker att lösenordet är för enkelt.',
      'too-short': 'Katalogen tycker att lösenordet är för kort.',
      'too-young': 'Lösenordet byttes nyss, och katalogen tillåter inte ett nytt byte än. Kontakta supporten om det är bråttom.',
      other: 'Katalogen godtog inte lösenordet.',
    },
    tryAnother: 'Du kan prova ett annat lösenord utan ny kod.',
    notVerified: 'Tiden för att välja lösenord har gått ut. Be om en ny kod.',
  },
  passwordChanged: {
    title: 'Lösenordet är bytt',
    text: (account) => `Det nya lösenordet för ${account} gäller från nu.`,
    testLogin: (service) => `Testa att logga in i ${service} med det nya lösenordet.`,
    nextDue: (date) => `Nästa byte senast: ${date}.`,
    notified: 'Kontots övriga ansvariga har fått ett meddelande om bytet (utan lösenordet).',
    support: (support) => `Fungerar det inte? ${support}`,
  },
  myAccounts: {
    title: 'Mina konton',
    roleManager: 'Du är ansvarig chef',
    roleDelegate: (manager) => (manager ? `Delegerat till dig av ${manager}` : 'Delegerat till dig'),
    lastChange: 'Senast bytt',
    never: 'Okänt eller måste bytas',
    due: 'Nästa byte senast',
    overdue: 'Dags att byta lösenord!',
    mobile: 'Mobilnummer',
    noMobile: 'Inget registrerat',
    delegates: 'Delegerade',
    noDelegates: 'Inga',
    locked: 'Kontot är låst. Byt lösenord för att låsa upp det.',
    reset: 'Byt lösenord',
    changeMobile: 'Byt mobilnummer',
    remove: (name) => `Ta bort ${name}`,
    addDelegate: 'Lägg till delegat',
    searchLabel: 'Lägg till delegat: sök på namn eller e-post',
    searchPlaceholder: 'Namn eller e-post',
    search: 'Sök',
  },
  delegates: {
    resultsTitle: (account) => `Vem ska få sköta ${account}?`,
    noMatch: (query) => `Ingen träff på "${query}". Prova ett annat namn eller en e-postadress.`,
    emptyQuery: 'Skriv ett namn eller en e-postadress att söka på.',
    add: 'Lägg till',
    back: 'Tillbaka till mina konton',
    added: (name, account) => `${name} kan nu sköta ${account}.`,
    removed: (name, account) => `${name} kan inte längre sköta ${account}.`,
    notManager: 'Bara kontots ansvariga chef kan lägga till eller ta bort delegater.',
    alreadyDelegate: 'Personen är redan delegat för kontot.',
    notADelegate: 'Personen är inte delegat för kontot.',
    personNotFound: 'Jag hittar inte personen i katalogen.',
    isManager: 'Du är kontots ansvariga chef och kan inte vara delegat för det.',
  },
  notice: {
    passwordChangedTitle: 'Lösenordet har bytts',
    passwordChanged: (by, account, date, time) => `${by} bytte lösenordet för ${account} den ${date} kl ${time}.`,
    mobileChangedTitle: 'Mobilnumret har bytts',
    mobileChanged: (by, account, masked, date, time) =>
      `${by} bytte mobilnumret för ${account} till ${masked} den ${date} kl ${time}. Koder skickas nu dit.`,
    delegateAddedTitle: 'Ny delegat',
    delegateAdded: (by, delegate, account, date, time) => `${by} gav ${delegate} rätt att sköta ${account} den ${date} kl ${time}.`,
    delegateRemovedTitle: 'Delegat borttagen',
    delegateRemoved: (by, delegate, account, date, time) =>
      `${by} tog bort ${delegate} som delegat för ${account} den ${date} kl ${time}.`,
    unexpected: 'Var det oväntat? Kontakta supporten.',
  },
};

const en: CardTexts = {
  common: {
    cancel: 'Cancel',
    done: 'Done.',
    submitted: 'Thanks, received.',
    cancelled: 'Cancelled. Nothing more will change. Type "help" when you want to start again.',
    notResponsible: 'I find no account by that name that you are responsible for.',
    noAccounts:
      "You are not the responsible manager or a delegate of any shared account. Ask the account's manager to delegate it to you, or contact support.",
    notUnderstood: 'I did not understand that. Choose below, or type for example "reset password", "mobile" or "my accounts".',
    invalidCard: 'I could not read that card, so nothing has changed. Please try again, or type "help".',
    staleCard: 'That card belongs to a step that is no longer current. This is where you are now:',
    groupChat:
      'I handle passwords and mobile numbers of shared accounts only in a private chat with me. Open a chat with Rotera and type "help".',
    typePasswordInCard: 'Never type a password in the chat. Use the password field in the card.',
    useTheCard: 'Use the card below, or type "cancel".',
    helpButton: 'Help',
    myAccountsButton: 'My accounts',
  },
  errors: {
    unexpected: 'Something went wrong on my side. Please try again in a moment. If it keeps failing, contact support.',
    directoryUnavailable: 'I cannot reach the directory right now, so nothing has changed. Please try again in a few minutes.',
    smsUnavailable: 'The SMS service is not answering right now, so no code was sent. Please try again in a few minutes.',
    storeUnavailable: 'I cannot save anything right now, so nothing has changed. Please try again in a few minutes.',
  },
  welcome: {
    title: (name) => (name ? `Hi ${name}!` : 'Hi!'),
    intro:
      "I am Rotera. I help you, the responsible manager or the colleague you delegated to, look after the password of your unit's shared account.",
    routines: [
      "Register or change the account's mobile number (you need the account's current password).",
      "Reset the password with a code sent by SMS to the account's mobile number.",
      'See your accounts, when the password is due and who the delegates are. Every three months I remind you.',
    ],
    accountsHeading: 'Accounts you are responsible for',
    noAccounts: 'You are not responsible for any shared account yet.',
    hint: 'You can also type: reset password, mobile, my accounts, help or cancel.',
    reset: 'Reset password',
    registerMobile: 'Register mobile',
    myAccounts: 'My accounts',
  },
  chooseAccount: {
    title: (routine) => (routine === 'reset' ? 'Which account’s password do you want to reset?' : 'Which account is the mobile number for?'),
    text: "Choose the account, or type the account's name.",
  },
  currentPassword: {
    title: "Confirm the account's current password",
    text: (account) =>
      `To change the mobile number of ${account}, show that you know the account's current password. I check it with the directory and do not keep it.`,
    label: (account) => `Current password of ${account}`,
    submit: 'Next',
    empty: "Type the account's current password first.",
    wrong: (n) =>
      n === 1
        ? 'The password is not right. You have 1 try left, then I pause so that the account is not locked.'
        : `The password is not right. You have ${n} tries left, then I pause so that the account is not locked.`,
    exhausted: (time) =>
      `Too many wrong tries. I pause until ${time} so that the account is not locked for the whole unit. Forgot the password? Reset it with "Reset password" if a mobile number is registered.`,
    lockoutRisk:
      'The account is close to being locked in the directory, so I will not try more passwords now. Wait a while, or reset the password with "Reset password".',
    locked: (support) =>
      `The account is locked in the directory. If a mobile number is registered, resetting the password with "Reset password" unlocks it. Otherwise: ${support}`,
    disabled: (support) => `The account is disabled in the directory. ${support}`,
    proofExpired: "It has been too long since you confirmed the password. Type the account's current password again.",
  },
  newNumber: {
    title: (account) => `Mobile number for ${account}`,
    onFile: (masked) => `Registered now: ${masked}`,
    noneOnFile: 'No mobile number is registered yet.',
    workMobileFilled: 'If you have a work mobile, use it first. I have filled in your work mobile.',
    noWorkMobile: 'Use a work mobile first. If you have none, your private number is fine.',
    label: 'New mobile number',
    placeholder: '070-123 45 67',
    submit: 'Send code',
    problem: {
      'not-a-number': 'That does not look like a phone number. Type for example 070-123 45 67 or +46 70 123 45 67.',
      'not-a-mobile': 'That is not a mobile number (perhaps a landline). The code comes by SMS, so it must be a mobile.',
      'special-service': 'That is a special-service number (premium rate, toll-free or similar) and cannot be used.',
    },
  },
  code: {
    label: 'Code from the SMS (6 digits)',
    placeholder: '123456',
    resend: 'Send a new code',
    sentTo: (masked) => `I have sent a code by SMS to ${masked}.`,
    mayTake: 'It can take up to 3 minutes for the SMS to arrive.',
    validUntil: (time) => `The code is valid until ${time}.`,
    resendFrom: (time) => `No SMS? From ${time} you can ask for a new code.`,
    wrong: (n) => (n === 1 ? 'Wrong code. You have 1 try left.' : `Wrong code. You have ${n} tries left.`),
    malformed: 'The code is six digits. Please try again.',
    expired: 'The code has expired. Ask for a new code.',
    tooMany: 'Too many wrong tries, so the code is no longer valid. Ask for a new code.',
    noCode: 'There is no valid code. Ask for a new code.',
    resendTooEarly: (time) => `Please wait: you can ask for a new code from ${time}.`,
    rateLimited: (time) => `Many codes have been sent for this account. Try again after ${time}.`,
    smsRefused: {
      'invalid-number': () => 'The SMS service does not accept the number. Check it and try again.',
      'not-a-mobile': () => 'The SMS service says the number is not a mobile. Use a mobile number.',
      'country-not-enabled': () => 'SMS to that country is not enabled. Use a Swedish mobile number.',
      // Our sender id is alphanumeric and cannot receive replies, so "reply START" would lead nowhere.
      'opted-out': (support) =>
        `The number has blocked SMS from our sender, so no code could be sent. Choose another mobile number or contact support. ${support}`,
      'provider-auth': (support) => `The SMS service is misconfigured, so no code could be sent. ${support}`,
      'daily-cap-reached': (support) => `Today's SMS limit is reached, so no code could be sent. Try again tomorrow. ${support}`,
    },
  },
  confirmMobile: {
    title: 'Confirm the new number',
    why: 'The number is saved only once the code is right, so that a typo cannot lock your unit out later.',
    submit: 'Confirm',
  },
  mobileSaved: {
    title: 'The mobile number is saved',
    text: (account, masked) => `Codes for ${account} now go to ${masked}.`,
    previousNotified: 'The previous number got an SMS about the change.',
    offerReset: 'Do you want to reset the password now?',
    resetNow: 'Reset password now',
  },
  resetCode: {
    title: (account) => `Reset the password of ${account}`,
    submit: 'Next',
    noMobile: (account) =>
      `No mobile number is registered for ${account}, so I cannot send a code. Register a mobile number first (you need the account's current password).`,
    registerMobile: 'Register mobile',
  },
  newPassword: {
    title: (account) => `New password for ${account}`,
    rulesHeading: 'The new password must',
    rules: (min, max, kinds) => [
      `be at least ${min} and at most ${max} characters long`,
      `contain at least ${kinds} of these four: upper-case letters A–Z, lower-case letters a–z, digits and special characters (e.g. ! ? # %)`,
      'only use characters of an English keyboard: no å, ä, ö or other letters outside A–Z',
      "not contain the account's name or the unit's name",
      "not be built on a season, month or weekday (Swedish), words like Treserva, lösenord and password, the municipality's name or keyboard runs like qwerty and 123456, not even with digits or characters after them (e.g. Sommar2026!)",
    ],
    verifiedUntil: (time) => `The code was right. You can choose a password until ${time} without a new code.`,
    label: 'New password',
    repeatLabel: 'Type the new password again',
    submit: 'Change password',
    mismatch: 'The two passwords differ. Type the same password in both fields.',
    refusedHeading: 'The password is not accepted:',
    failure: (f) => {
      switch (f.kind) {
        case 'too-short':
          return `It is too short: at least ${f.min} characters.`;
        case 'too-long':
          return `It is too long: at most ${f.max} characters.`;
        case 'too-few-kinds':
          return `It needs at least ${f.required} kinds of characters. Add ${list(f.missing.map((k) => enKinds[k]), 'or')}.`;
        case 'non-ascii':
          return 'It contains å, ä, ö or another character outside A–Z, which cannot be used.';
        case 'control-character':
          return 'It contains an invisible control character (such as a tab or line break).';
        case 'contains-account-name':
          return "It contains the account's name.";
        case 'contains-display-name':
          return "It contains the unit's name.";
        case 'blocked-word':
          return `It is built on ${enBlocked[f.category]}, which is easy to guess.`;
      }
    },
    earlier: (variant) =>
      variant
        ? 'It resembles a password the account has had (same letters, other digits or characters). Choose a wholly new one.'
        : 'The account has had that password before. Choose a new one.',
    directoryRefused: {
      'in-history': 'The directory does not accept the password because it was used before.',
      complexity: 'The directory finds the password too simple.',
      'too-short': 'The directory finds the password too short.',
      'too-young': 'The password was changed very recently and the directory does not allow another change yet. Contact support if it is urgent.',
      other: 'The directory did not accept the password.',
    },
    tryAnother: 'You can try another password without a new code.',
    notVerified: 'The time to choose a password is over. Ask for a new code.',
  },
  passwordChanged: {
    title: 'The password is changed',
    text: (account) => `The new password of ${account} is valid from now.`,
    testLogin: (service) => `Test logging in to ${service} with the new password.`,
    nextDue: (date) => `Next change due: ${date}.`,
    notified: "The account's other responsible people got a notice about the change (without the password).",
    support: (support) => `Does it not work? ${support}`,
  },
  myAccounts: {
    title: 'My accounts',
    roleManager: 'You are the responsible manager',
    roleDelegate: (manager) => (manager ? `Delegated to you by ${manager}` : 'Delegated to you'),
    lastChange: 'Last changed',
    never: 'Unknown or must be changed',
    due: 'Next change due',
    overdue: 'Time to change the password!',
    mobile: 'Mobile number',
    noMobile: 'None registered',
    delegates: 'Delegates',
    noDelegates: 'None',
    locked: 'The account is locked. Reset the password to unlock it.',
    reset: 'Reset password',
    changeMobile: 'Change mobile',
    remove: (name) => `Remove ${name}`,
    addDelegate: 'Add a delegate',
    searchLabel: 'Add a delegate: search by name or e-mail',
    searchPlaceholder: 'Name or e-mail',
    search: 'Search',
  },
  delegates: {
    resultsTitle: (account) => `Who should look after ${account}?`,
    noMatch: (query) => `Nobody found for "${query}". Try another name or an e-mail address.`,
    emptyQuery: 'Type a name or an e-mail address to search for.',
    add: 'Add',
    back: 'Back to my accounts',
    added: (name, account) => `${name} can now look after ${account}.`,
    removed: (name, account) => `${name} can no longer look after ${account}.`,
    notManager: "Only the account's responsible manager can add or remove delegates.",
    alreadyDelegate: 'That person already is a delegate of the account.',
    notADelegate: 'That person is not a delegate of the account.',
    personNotFound: 'I cannot find that person in the directory.',
    isManager: "You are the account's responsible manager and cannot be its delegate.",
  },
  notice: {
    passwordChangedTitle: 'The password was changed',
    passwordChanged: (by, account, date, time) => `${by} changed the password of ${account} on ${date} at ${time}.`,
    mobileChangedTitle: 'The mobile number was changed',
    mobileChanged: (by, account, masked, date, time) =>
      `${by} changed the mobile number of ${account} to ${masked} on ${date} at ${time}. Codes now go there.`,
    delegateAddedTitle: 'New delegate',
    delegateAdded: (by, delegate, account, date, time) => `${by} let ${delegate} look after ${account} on ${date} at ${time}.`,
    delegateRemovedTitle: 'Delegate removed',
    delegateRemoved: (by, delegate, account, date, time) =>
      `${by} removed ${delegate} as a delegate of ${account} on ${date} at ${time}.`,
    unexpected: 'Unexpected? Contact support.',
  },
};

export const cardTexts: Catalogue<CardTexts> = { sv, en };
