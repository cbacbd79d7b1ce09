/** The kiosk's on-screen keys: which keys a field gets, and what a key does to its text. */

export type PadLayout = 'digits' | 'id' | 'code'

export const BACKSPACE = 'backspace'
export const CLEAR = 'clear'

// Tracking codes are Crockford base32 (no I, L, O, U) with a check symbol, grouped by '-'.
const CODE_LETTERS = 'ABCDEFGHJKMNPQRSTVWXYZ'.split('')

export function padKeys(layout: PadLayout): string[] {
  const digits = '1234567890'.split('')
  if (layout === 'id') return [...digits, 'X']
  if (layout === 'code') return [...digits, ...CODE_LETTERS, '-', '*', '~', '$', '=', 'U']
  return digits
}

export function applyPadKey(value: string, key: string, maxLength?: number): string {
  if (key === BACKSPACE) return value.slice(0, -1)
  if (key === CLEAR) return ''
  if (maxLength !== undefined && maxLength > 0 && value.length >= maxLength) return value
  return value + key
}
