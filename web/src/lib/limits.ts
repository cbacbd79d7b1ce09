/** What the petition form tells people before they upload; intake enforces its own limits. */
export const MAX_ATTACHMENTS = 5
export const MAX_ATTACHMENT_MB = 10
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'application/pdf']
export const ACCEPT_ATTR = '.jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf'

/** Field lengths as intake's schema has them (the counters under the fields show them). */
export const MAX_TITLE = 100
export const MAX_CONTENT = 5000
export const MAX_NAME = 50
export const MAX_ADDRESS = 200
