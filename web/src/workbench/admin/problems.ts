/**
 * A rule set's problems in plain Chinese. Routing answers a refused rule set with a 422 whose
 * `errors` are either its reference-data checks (English sentences, services/routing/domain/
 * ruleset.py `check`) or the document's field errors ({field, message, type}, pydantic); a
 * text that cannot be read as JSON never reaches routing. Each becomes one sentence an admin
 * can act on; a sentence this file does not know is shown as routing wrote it.
 */

const LEVELS: Record<string, string> = { city: '市级', county: '县级', township: '乡镇级', village: '村级' }

const FIELDS: Record<string, string> = {
  label: '版本名称',
  note: '说明',
  rules: '规则',
  id: '规则编号',
  description: '说明',
  match: '适用条件',
  regions: '问题发生地',
  categories: '问题分类',
  kinds: '信访类别',
  levels: '层级',
  collective: '是否集体访',
  repeat: '是否重复信访',
  skip_level: '是否越级',
  department: '承办部门',
  level: '层级',
  priority: '优先级',
  forwarded: '是否转送',
  hard_case_leader: '疑难件包案领导',
  case_owners: '默认包案领导',
  category: '问题分类',
  owner: '包案领导',
  user_id: '用户名',
  name: '姓名',
  hard_cases: '疑难件',
  collective_headcount: '集体访人数',
  leaders: '领导',
  region: '地区',
  escalation: '逐级上移',
  returns_per_level: '每级退回次数',
}

const level = (l: string) => LEVELS[l] ?? l

/** What one reference-data check says (the part after "rules[i] (id): "). */
function check(text: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^unknown department '(.*)'$/, (m) => `没有代码为“${m[1]}”的部门`],
    [/^level (\S+) but (\S+) is a (\S+) department$/, (m) => `层级填的是${level(m[1])}，但 ${m[2]} 是${level(m[3])}部门`],
    [/^unknown region '(.*)'$/, (m) => `没有代码为“${m[1]}”的地区`],
    [/^(\S+) does not answer for region (\S+)$/, (m) => `${m[1]} 不负责地区 ${m[2]}`],
    [/^no region given, but (\S+) does not answer for the whole city$/, (m) => `没有限定地区，但 ${m[1]} 并不负责全市`],
    [/^unknown category '(.*)'$/, (m) => `没有代码为“${m[1]}”的问题分类`],
    [/^(\S+) does not answer for category (\S+)$/, (m) => `${m[1]} 不负责问题分类 ${m[2]}`],
    [/^(\S+) does not answer for category$/, (m) => `${m[1]} 不负责全部问题分类，请限定问题分类`],
    [/^duplicate rule id '(.*)'$/, (m) => `规则编号“${m[1]}”重复了`],
  ]
  for (const [re, say] of rules) {
    const m = re.exec(text)
    if (m) return say(m)
  }
  return text
}

/** `rules[3].match.regions[0]` → 第 4 条规则的适用条件的问题发生地（第 1 项）. */
export function fieldName(path: string): string {
  const parts = path.replace(/^body\.?/, '').split('.').filter(Boolean)
  const said: string[] = []
  for (const part of parts) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part)
    if (!m) {
      said.push(part)
      continue
    }
    const name = FIELDS[m[1]] ?? m[1]
    const indexes = [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]) + 1)
    if (m[1] === 'rules' && indexes.length) said.push(`第 ${indexes[0]} 条规则`)
    else if (m[1] === 'case_owners' && indexes.length) said.push(`第 ${indexes[0]} 个默认包案领导`)
    else if (m[1] === 'leaders' && indexes.length) said.push(`第 ${indexes[0]} 位领导`)
    else said.push(indexes.length ? `${name}（第 ${indexes[0]} 项）` : name)
  }
  return said.join('的') || '整个规则集'
}

/** A reference-data problem, e.g. "rules[2] (dept.x): unknown department 'X'". */
export function problemText(p: string): string {
  const inRule = /^rules\[(\d+)\] \(([^)]*)\): (.*)$/.exec(p)
  if (inRule) return `第 ${Number(inRule[1]) + 1} 条规则（${inRule[2]}）：${check(inRule[3])}`
  const elsewhere = /^((?:case_owners|hard_cases\.leaders|rules)\[\d+\]): (.*)$/.exec(p)
  if (elsewhere) return `${fieldName(elsewhere[1])}：${check(elsewhere[2])}`
  return check(p)
}

const TYPES: Record<string, string> = {
  missing: '必须填写',
  extra_forbidden: '不认识这一项，请删除或检查拼写',
  string_too_short: '不能为空',
  string_too_long: '太长了',
  string_type: '应当是文字',
  string_pattern_mismatch: '格式不对（只能用字母、数字和 . _ : -，并以字母或数字开头）',
  int_parsing: '应当是整数',
  int_type: '应当是整数',
  bool_parsing: '应当是 true 或 false',
  bool_type: '应当是 true 或 false',
  greater_than_equal: '数值太小',
  less_than_equal: '数值太大',
  too_short: '至少要有一项',
  tuple_type: '应当是一个列表 [ … ]',
  list_type: '应当是一个列表 [ … ]',
  model_type: '应当是一个对象 { … }',
  dict_type: '应当是一个对象 { … }',
  model_attributes_type: '应当是一个对象 { … }',
  enum: '取值不在允许的范围内',
  literal_error: '取值不在允许的范围内',
  json_invalid: 'JSON 格式不对',
}

export interface FieldProblem {
  field?: string
  message?: string
  type?: string
}

/** A document's field error (pydantic), e.g. {field: "body.rules[0].level", type: "enum"}. */
export function fieldProblemText(e: FieldProblem): string {
  const where = fieldName(e.field ?? '')
  const msg = e.message ?? ''
  if (e.type === 'value_error') {
    // The rule set's own check (duplicate ids): "Value error, rules[1]: duplicate rule id 'x'".
    const inner = msg.replace(/^Value error, /, '')
    const m = /^(rules\[\d+\]): (.*)$/.exec(inner)
    return m ? `${fieldName(m[1])}：${check(m[2])}` : `${where}：${check(inner)}`
  }
  return `${where}：${(e.type && TYPES[e.type]) || msg}`
}

/** Every problem of a refused rule set, one sentence each. */
export function problemsOf(body: unknown): string[] {
  if (!body || typeof body !== 'object') return []
  const errors = (body as { errors?: unknown }).errors
  if (!Array.isArray(errors)) return []
  return errors.map((e) => (typeof e === 'string' ? problemText(e) : fieldProblemText(e as FieldProblem)))
}

/**
 * Where a text stops being JSON (its offset), or -1 when it is JSON. The browser's own
 * JSON.parse message names no position in current engines, and the admin needs the line.
 */
export function jsonErrorAt(text: string): number {
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++
  }
  const fail = (): never => {
    throw i
  }
  const lit = (word: string) => {
    if (text.startsWith(word, i)) i += word.length
    else fail()
  }
  const str = () => {
    i++ // the opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++
      else if (text[i] < ' ') fail()
      i++
    }
    if (i >= text.length) fail()
    i++
  }
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (!m) fail()
    i += (m as RegExpExecArray)[0].length
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail()
        str()
        ws()
        if (text[i] !== ':') fail()
        i++
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === '}') {
          i++
          return
        } else fail()
      }
    } else if (c === '[') {
      i++
      ws()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === ']') {
          i++
          return
        } else fail()
      }
    } else if (c === '"') str()
    else if (c === 't') lit('true')
    else if (c === 'f') lit('false')
    else if (c === 'n') lit('null')
    else num()
  }
  try {
    value()
    ws()
    if (i < text.length) fail()
    return -1
  } catch (at) {
    return typeof at === 'number' ? at : 0
  }
}

/** Why a text is not JSON, with the line it goes wrong on. */
export function jsonProblem(text: string): string {
  const at = jsonErrorAt(text)
  if (at < 0) return ''
  const line = text.slice(0, at).split('\n').length
  return `不是正确的 JSON：第 ${line} 行附近有错误（检查逗号、引号和括号是否成对）`
}
