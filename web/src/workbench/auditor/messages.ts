// The auditor area's texts: Chinese first, the same keys in English.
import type { AreaMessages } from '../types'

export const messages: AreaMessages = {
  'zh-CN': {},
  en: {},
}
