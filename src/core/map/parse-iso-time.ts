const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Parses an ISO-8601 timestamp as the legacy store writes them
 * (`2026-06-10T09:15:02.123Z`). Returns `undefined` for anything that is not
 * a real instant: `Date` alone would accept `"1"` (year 2001) or roll
 * `2026-02-30` over to March, and that would be garbage in the database.
 * A time without a zone is taken as UTC so the result never depends on the
 * machine's time zone.
 */
export function parseIsoTime(text: string): Date | undefined {
  const match = ISO_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  if (!isRealCalendarTime(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second))) {
    return undefined;
  }
  const millis = fraction.slice(0, 4).padEnd(fraction === '' ? 0 : 4, '0');
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${millis}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isRealCalendarTime(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
