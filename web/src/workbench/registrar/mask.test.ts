import { describe, expect, it } from 'vitest'
import { maskIdNumber, maskPhone } from './mask'

describe('masking on the receipt', () => {
  it('keeps 3 and 4 characters of an ID number', () => {
    expect(maskIdNumber('32083119900101001X')).toBe('320***********001X')
  })
  it('hides a short number whole', () => {
    expect(maskIdNumber('E123')).toBe('****')
  })
  it('masks a phone', () => {
    expect(maskPhone('13900000001')).toBe('139****0001')
  })
})
