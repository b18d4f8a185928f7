/** Re-renders the email preview as the owner edits the settings form (see orgs/routes.ts, the preview route). */
export const settingsPreviewScript = ``;
