/** This feature's rules, appended to the one stylesheet (assets/routes.ts). */
export const settingsStyles = ``;
