/** Approving a waiting step is a use case (src/services); the pages call it from here. */
export { approveReminder } from '../../services/approve.ts';
