import { describe, expect, it } from 'vitest'
import model from '../../../../services/index/model/default.json'
import { messages } from './messages'

type Words = { wb: { cockpit: { measures: { kinds: Record<string, string>; addressees: Record<string, string> } } } }

describe("the cockpit's words", () => {
  // index's factor model names every measure a grade calls for: each has its words in both
  // locales, so the cockpit never shows a code.
  const issued = Object.values(model.measures).flat()
  for (const locale of ['zh-CN', 'en'] as const) {
    const words = (messages[locale] as Words).wb.cockpit.measures
    it(`names every measure of index's model in ${locale}`, () => {
      for (const m of issued) {
        expect(words.kinds[m.kind], m.kind).toBeTruthy()
        expect(words.addressees[m.addressee], m.addressee).toBeTruthy()
      }
    })
  }
})
