import { describe, expect, it } from 'vitest'
import { fieldOf, placeErrors } from './fieldErrors'

const PROPS = ['kind', 'category_code', 'petitioner.phone', 'petitioner.id_number', 'code', 'consent', 'attachment_ids']

describe('fieldOf', () => {
  it('maps the API path of a nested field to its form item', () => {
    expect(fieldOf('body.petitioner.phone', PROPS)).toBe('petitioner.phone')
  })

  it('maps a list element to the list item above it', () => {
    expect(fieldOf('body.attachment_ids.2', PROPS)).toBe('attachment_ids')
  })

  it('gives null for a path no form item owns', () => {
    expect(fieldOf('body.campaign_id', PROPS)).toBeNull()
    expect(fieldOf('body', PROPS)).toBeNull()
  })

  it('does not take a sibling for a parent', () => {
    expect(fieldOf('body.petitioner.name', PROPS)).toBeNull()
  })
})

describe('placeErrors', () => {
  it('puts each message next to its field and the rest above the form', () => {
    const placed = placeErrors(
      [
        { field: 'body.code', message: '验证码错误' },
        { field: 'body.petitioner.id_number', message: '身份证号码有误' },
        { field: 'body.kiosk', message: '终端未登记' },
      ],
      PROPS,
    )
    expect(placed.byField).toEqual({ code: '验证码错误', 'petitioner.id_number': '身份证号码有误' })
    expect(placed.general).toEqual(['终端未登记'])
  })

  it('joins two messages for one field without repeating either', () => {
    const placed = placeErrors(
      [
        { field: 'body.attachment_ids.0', message: '附件不存在' },
        { field: 'body.attachment_ids.1', message: '附件不存在' },
        { field: 'body.attachment_ids', message: '附件过多' },
      ],
      PROPS,
    )
    expect(placed.byField.attachment_ids).toBe('附件不存在；附件过多')
  })
})
