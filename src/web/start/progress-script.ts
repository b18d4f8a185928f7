/** Follows the first sync's progress over server-sent events and shows it live (see start/routes.ts). */
export const syncProgressScript = ``;
