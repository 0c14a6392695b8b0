/** Time as a dependency, so deadlines and schedules are testable without waiting. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** Real time shifted by an offset the tests move forward (deadlines without waiting). */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
