/** Bad input from the user (flags, files): reported as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
