import { get } from './api'

export interface ArticleSummary {
  slug: string
  topic: string
  title: string
  summary: string
}

export interface Article extends ArticleSummary {
  updated_on: string
  sections: { heading: string; paragraphs: string[] }[]
}

export const listArticles = () => get<ArticleSummary[]>('/content/articles/index.json')
export const readArticle = (slug: string) => get<Article>(`/content/articles/${encodeURIComponent(slug)}.json`)

/** The topics in the order the list first names them. */
export function topicsOf(items: readonly ArticleSummary[]): string[] {
  const seen: string[] = []
  for (const a of items) if (!seen.includes(a.topic)) seen.push(a.topic)
  return seen
}

/** Articles of a topic (null: every topic) whose title, summary or topic holds every word typed. */
export function filterArticles(items: readonly ArticleSummary[], topic: string | null, text: string): ArticleSummary[] {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean)
  return items.filter((a) => {
    if (topic !== null && a.topic !== topic) return false
    const hay = `${a.title} ${a.summary} ${a.topic}`.toLowerCase()
    return words.every((w) => hay.includes(w))
  })
}
