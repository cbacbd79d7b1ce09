import { describe, expect, it } from 'vitest'
import { filterArticles, topicsOf, type ArticleSummary } from './articles'

const items: ArticleSummary[] = [
  { slug: 'a', topic: '信访指南', title: '怎样网上信访', summary: '三步提交' },
  { slug: 'b', topic: '医疗保障', title: '城乡居民医保怎么报销', summary: '门诊和住院' },
  { slug: 'c', topic: '信访指南', title: '查询办理进度', summary: '凭查询码' },
]

describe('the policy list', () => {
  it('names each topic once, in the order of the list', () => {
    expect(topicsOf(items)).toEqual(['信访指南', '医疗保障'])
  })

  it('filters by topic and by every word typed', () => {
    expect(filterArticles(items, '信访指南', '').map((a) => a.slug)).toEqual(['a', 'c'])
    expect(filterArticles(items, null, '医保').map((a) => a.slug)).toEqual(['b'])
    expect(filterArticles(items, null, '查询 进度').map((a) => a.slug)).toEqual(['c'])
    expect(filterArticles(items, '医疗保障', '查询')).toEqual([])
  })
})
