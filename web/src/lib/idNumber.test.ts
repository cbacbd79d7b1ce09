import { describe, expect, it } from 'vitest'
import { idCheckChar, isValidIdNumber, isValidPhone, normaliseTrackingCode } from './idNumber'

describe('resident ID numbers', () => {
  it('accepts a number whose check character is right (GB 11643 example)', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(isValidIdNumber('11010519491231002x')).toBe(true)
  })

  it('refuses one mistyped digit', () => {
    expect(isValidIdNumber('11010519491231003X')).toBe(false)
  })

  it('refuses the wrong length and an impossible date', () => {
    expect(isValidIdNumber('1101051949123100')).toBe(false)
    expect(isValidIdNumber('110105194913310021')).toBe(false)
  })
})

describe('phones and codes', () => {
  it('accepts a mainland mobile number only', () => {
    expect(isValidPhone('13800138000')).toBe(true)
    expect(isValidPhone('12800138000')).toBe(false)
    expect(isValidPhone('1380013800')).toBe(false)
  })

  it('normalises a typed tracking code', () => {
    expect(normaliseTrackingCode(' abcd-efgh 1234 ')).toBe('ABCD-EFGH1234')
  })
})
