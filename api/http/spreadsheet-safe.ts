/*
 * The spreadsheet-injection guard of our exports (docs/libraries.md says why it is ours):
 * free text a spreadsheet would read as a formula is written with a leading apostrophe,
 * and our own readers take it off again, so an export round-trips.
 */

/** Free text that a spreadsheet would read as a formula gets a leading apostrophe. */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The text spreadsheetSafe was given (for readers of our own exports, e.g. the CLI). */
export function fromSpreadsheetSafe(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
