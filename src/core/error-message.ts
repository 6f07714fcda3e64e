/** The message of anything thrown, for a reason or a note. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
