/**
 * The settings form as flat fields named after the zod path of what they set (`steps.2.offsetDays`), so a zod issue
 * lands next to its field without a lookup table. Shared by every part of the settings form.
 */
export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;
