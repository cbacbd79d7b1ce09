/**
 * Resident ID numbers (GB 11643-1999): 17 digits and a check character (0-9 or X) computed
 * from them with weights 2^(17-i) mod 11. The server checks it too; the page checks it
 * first so a mistyped digit is caught before the petitioner asks for an SMS code.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

export function normaliseIdNumber(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase()
}

export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

export function isValidIdNumber(text: string): boolean {
  const id = normaliseIdNumber(text)
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  if (month < 1 || month > 12 || day < 1 || day > 31) return false
  return idCheckChar(id.slice(0, 17)) === id[17]
}

export function isValidPhone(text: string): boolean {
  return /^1[3-9]\d{9}$/.test(text.trim())
}

/** A typed tracking code in the form the API keeps: upper case, no spaces. */
export function normaliseTrackingCode(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase()
}
