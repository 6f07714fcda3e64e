/** The clock, passed in so that "now" fallbacks are testable. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
