// Tests run with a quiet logger and a fixed timezone so dates in cards are stable.
process.env.TZ = 'Europe/Stockholm';
