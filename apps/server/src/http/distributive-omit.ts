/** Omit over each member of a union (plain Omit would collapse a command union into one shape). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
