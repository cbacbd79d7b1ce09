import { describe, expect, it } from 'vitest'
import { fieldName, jsonErrorAt, jsonProblem, problemsOf } from './problems'

describe('problemsOf', () => {
  it("says routing's reference-data checks in Chinese", () => {
    const said = problemsOf({
      errors: [
        "rules[0] (hw.x): unknown department 'NOPE'",
        'rules[1] (dept.a): level county but 320800-ZJJ is a city department',
        'rules[2] (dept.b): 320800-ZJJ does not answer for category 11',
        "case_owners[3]: unknown category '99'",
        "hard_cases.leaders[0]: unknown region '999999'",
      ],
    })
    expect(said).toEqual([
      '第 1 条规则（hw.x）：没有代码为“NOPE”的部门',
      '第 2 条规则（dept.a）：层级填的是县级，但 320800-ZJJ 是市级部门',
      '第 3 条规则（dept.b）：320800-ZJJ 不负责问题分类 11',
      '第 4 个默认包案领导：没有代码为“99”的问题分类',
      '疑难件的第 1 位领导：没有代码为“999999”的地区',
    ])
  })

  it('says field errors in Chinese, and keeps what it does not know', () => {
    const said = problemsOf({
      errors: [
        { field: 'body.rules[0].level', message: "Input should be 'city'", type: 'enum' },
        { field: 'body.label', message: 'Field required', type: 'missing' },
        { field: 'body.rules', message: "Value error, rules[1]: duplicate rule id 'a'", type: 'value_error' },
        'something new',
      ],
    })
    expect(said).toEqual([
      '第 1 条规则的层级：取值不在允许的范围内',
      '版本名称：必须填写',
      '第 2 条规则：规则编号“a”重复了',
      'something new',
    ])
    expect(problemsOf({ detail: 'x' })).toEqual([])
  })
})

describe('fieldName and jsonProblem', () => {
  it('names a nested field', () => {
    expect(fieldName('body.rules[3].match.regions[0]')).toBe('第 4 条规则的适用条件的问题发生地（第 1 项）')
  })

  it('finds the line of a JSON error', () => {
    expect(jsonProblem('{\n  "a": 1,\n  "b": }\n')).toMatch(/^不是正确的 JSON：第 3 行附近/)
    expect(jsonProblem('{\n  "a": [1, 2,]\n}')).toMatch(/第 2 行/)
    expect(jsonProblem('{"a": "x"}\n,')).toMatch(/第 2 行/)
    expect(jsonProblem('{"a": [true, null, -1.5e3, "q\\"x"], "b": {}}')).toBe('')
    expect(jsonErrorAt('{"a": 1')).toBe(7)
  })
})
