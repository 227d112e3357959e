/** Events of a day's visits reach this far past its end (an hour of key continuation plus a visit gap). */
export const DAY_TAIL_MS = 90 * 60_000;
/** Events this far before a day's start tell whether its first events continue earlier visits. */
export const DAY_HEAD_MS = 30 * 60_000;
