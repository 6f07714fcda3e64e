/** The rewrite's project id rule (rewrite-v12 §7): `^[A-Za-z0-9][A-Za-z0-9._-]*$` and no `..`. */
export function isValidProjectId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) && !id.includes('..');
}
