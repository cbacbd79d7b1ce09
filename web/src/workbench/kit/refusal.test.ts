import { describe, expect, it } from 'vitest'
import { ApiError } from '../../lib/api'
import { isConflict, refusalMessage, refusalText } from './refusal'

// The keys stand in for the Chinese the page's messages give them.
const t = (key: string): string => `<${key}>`

const transition = {
  type: 'about:blank',
  title: 'Invalid transition',
  status: 409,
  detail: 'accept is not allowed while the petition is accepted; allowed: reply',
  code: 'invalid_transition',
  detail_zh: '信访事项现为“已受理”，不能受理。现在可以：答复',
}

describe('refusals in Chinese', () => {
  it('keeps the Chinese sentence and the code of a problem body, not the English detail', () => {
    const e = ApiError.fromProblem(409, transition)
    expect(e.detail).toBe(transition.detail_zh)
    expect(e.code).toBe('invalid_transition')
    expect(refusalMessage(e, t)).toBe(transition.detail_zh)
  })

  it('adds the fields’ words that the sentence does not already say', () => {
    const e = ApiError.fromProblem(422, {
      status: 422,
      detail: 'received_on: is in the future',
      code: 'invalid_command',
      detail_zh: '收到日期不能晚于今天',
      errors: [{ field: 'body.received_on', message: '收到日期不能晚于今天' }],
    })
    expect(refusalMessage(e, t)).toBe('收到日期不能晚于今天')
    const shape = ApiError.fromProblem(422, {
      status: 422,
      detail: 'the request is not valid; see errors',
      code: 'invalid',
      detail_zh: '提交的内容不符合要求，请检查后重试',
      errors: [{ field: 'body.days', message: '延期天数填写有误' }],
    })
    expect(refusalMessage(shape, t)).toBe('提交的内容不符合要求，请检查后重试（延期天数填写有误）')
    expect(refusalText(shape, 'fallback', 'network')).toBe('延期天数填写有误')
  })

  it('falls back to a lead by status for a body without the services’ words', () => {
    const e = ApiError.fromProblem(403, { status: 403, detail: 'nope' })
    expect(e.code).toBeNull()
    expect(refusalMessage(e, t)).toBe('<wb.kit.refused.forbidden>（nope）')
    expect(refusalMessage(new ApiError(0, null, []), t)).toBe('<common.networkError>')
  })

  it('tells a change by someone else from a rule that refused the command', () => {
    expect(isConflict(ApiError.fromProblem(409, transition))).toBe(true)
    expect(isConflict(ApiError.fromProblem(409, { ...transition, code: 'version_conflict' }))).toBe(true)
    expect(isConflict(ApiError.fromProblem(409, { ...transition, code: 'rule_violation' }))).toBe(false)
  })
})
