import { expect } from 'vitest';
import { AppError } from '../../server/errors.ts';

/** For tests: the message of the AppError a line parser throws; fails if it accepts the line. */
export function rejectionReason(parse: () => unknown): string {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as Error).message;
  }
  throw new Error('expected the line to be rejected');
}
