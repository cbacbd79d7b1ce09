/**
 * Routing writes why it could not place a petition in its own (English) words
 * (services/routing/domain/matcher.py, projections/decisions.py); the office reads them in
 * Chinese, with names for the codes. Anything not recognised is shown as it came.
 */
export interface Namer {
  category: (code: string) => string
  region: (code: string) => string
  department: (code: string) => string
}

const LEVELS: Record<string, string> = { township: '乡镇', county: '县区', city: '市' }

export function manualReasonZh(reason: string | null | undefined, n: Namer): string {
  if (!reason) return ''
  const rule = /^no rule places category (\S+) in region (\S+)(?: at (\w+) level or above)?(?: outside (.+))?$/.exec(reason)
  if (rule) {
    const [, category, region, level, outside] = rule
    let out = `没有哪条分派规则负责“${n.category(category)}”类问题在${n.region(region)}的信访`
    if (level) out += `（已在${LEVELS[level] ?? level}级及以上查找）`
    if (outside) out += `，且须避开${outside.split(', ').map(n.department).join('、')}`
    return `${out}。`
  }
  const refused = /^intake refused the assignment to (\S+): (.*)$/.exec(reason)
  if (refused) return `自动交办给${n.department(refused[1])}未成功：${refused[2]}`
  const returned = /^returned (\d+) times; looking above (\w+) level$/.exec(reason)
  if (returned) return `已被退回 ${returned[1]} 次，转到${LEVELS[returned[2]] ?? returned[2]}级以上查找`
  return reason
}
