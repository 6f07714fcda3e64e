/**
 * Formats a date the way the rewrite's daemon writes timestamps: Go's
 * `time.Time.String()` in UTC, e.g. `2026-06-15 16:19:16.123 +0000 UTC`.
 * Trailing fraction zeros are trimmed and the `.` is dropped when the
 * fraction is 0. Any other text in a NOT NULL timestamp column makes every
 * session listing in the daemon fail, so all rows go through here.
 */
export function formatDaemonTime(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new RangeError('formatDaemonTime: invalid date');
  }
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const fraction = pad(date.getUTCMilliseconds(), 3).replace(/0+$/, '');
  return `${day} ${time}${fraction === '' ? '' : `.${fraction}`} +0000 UTC`;
}

/**
 * Parses a timestamp in any layout the daemon reads back: its own form,
 * RFC 3339 (`…Z`, `…+00:00`) and `YYYY-MM-DD HH:MM:SS`. Returns `undefined`
 * for anything else. Used to compare existing rows with planned ones.
 */
export function parseDaemonTime(text: string): Date | undefined {
  const goForm = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,9})? ([+-])(\d{2})(\d{2}) \S+$/.exec(text);
  if (goForm) {
    const [, day, time, fraction = '', sign, hh, mm] = goForm;
    return validDate(`${day}T${time}${fraction.slice(0, 4)}${sign}${hh}:${mm}`);
  }
  const plain = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text);
  if (plain) return validDate(`${plain[1]}T${plain[2]}Z`);
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (rfc3339) return validDate(text.replace(/(\.\d{3})\d+/, '$1'));
  return undefined;
}

function validDate(text: string): Date | undefined {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
