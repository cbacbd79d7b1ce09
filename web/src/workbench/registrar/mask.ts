/** An ID number as a receipt shows it: the first 3 and last 4 characters, the rest hidden. */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return ''
  const s = id.trim()
  if (s.length <= 7) return '*'.repeat(s.length)
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`
}

/** A phone as a receipt shows it: 139****0001. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return ''
  const s = phone.trim()
  return s.length >= 7 ? `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}` : '*'.repeat(s.length)
}
