"""The Chinese name of each field a person fills in, for the refusals shown beside it: the
portal's form (WEB_CONTRACT.md, "Pages") and the staff workbench's (registration and the
petition's commands). A field not named here is shown by its key."""

from __future__ import annotations

# The citizen's form (the portal) and the petitioner block of a registration.
PORTAL = {
    "name": "姓名",
    "id_type": "证件类型",
    "id_number": "身份证号码",
    "phone": "手机号码",
    "address": "住址",
    "code": "短信验证码",
    "kind": "信访类型",
    "category_code": "问题类别",
    "region_code": "问题属地",
    "title": "标题",
    "content": "诉求内容",
    "attachment_ids": "附件",
    "file": "附件",
    "consent": "个人信息保护告知",
    "kiosk": "终端",
    "campaign_id": "专题征集",
    "accused_org": "被反映单位",
    "petitioner": "信访人信息",
}

# The staff's forms: registration (登记) and the commands on a petition.
STAFF = {
    "channel": "信访形式",
    "receiving_org": "登记单位",
    "received_on": "收到日期",
    "collective": "集体信访",
    "headcount": "人数",
    "attachments": "附件",
    "media_type": "文件类型",
    "size_bytes": "文件大小",
    "sha256": "文件校验值",
    "department": "承办单位",
    "reason": "理由",
    "forwarded": "转送",
    "rule_id": "分流规则",
    "handler": "承办人",
    "method": "告知方式",
    "notified_on": "告知日期",
    "days": "延期天数",
    "approver": "审批人",
    "reply_text": "答复意见",
    "document_ref": "答复文书编号",
    "reviewer_org": "复查（复核）机关",
    "upheld": "是否维持原处理意见",
    "decision_text": "复查（复核）意见",
    "earlier_petition_id": "原信访事项",
    "owner_user_id": "包案领导",
    "owner_name": "包案领导姓名",
    "hard_case": "疑难复杂信访事项",
    "outcome": "回访结果",
    "resolved": "是否已解决",
    "revisited_on": "回访日期",
    # Queries of the staff's lists.
    "status": "办理状态",
    "category": "问题类别",
    "region": "属地",
    "received_from": "收到日期（起）",
    "received_to": "收到日期（止）",
    "case_owner": "包案领导",
    "cursor": "翻页位置",
    "limit": "每页条数",
}

LABELS = {**STAFF, **PORTAL}

# A petition's statuses and the commands on it, as a refusal names them (transitions.py).
STATUSES = {
    "new": "未登记",
    "registered": "已登记",
    "assigned": "已交办",
    "returned": "已退回",
    "accepted": "已受理",
    "not_accepted": "不予受理",
    "replied": "已答复",
    "closed": "已办结",
    "under_review": "复查中",
    "reviewed": "已复查",
    "under_re_review": "复核中",
    "re_reviewed": "已复核",
    "withdrawn": "已撤回",
}
COMMANDS = {
    "register": "登记",
    "assign": "交办或转送",
    "return": "退回",
    "accept": "受理",
    "not_accept": "不予受理",
    "record_acceptance_notice": "登记受理告知",
    "request_extension": "申请延期",
    "approve_extension": "批准延期",
    "refuse_extension": "不批准延期",
    "reply": "答复",
    "close": "办结",
    "rate": "评价",
    "request_review": "申请复查",
    "decide_review": "作出复查意见",
    "request_re_review": "申请复核",
    "decide_re_review": "作出复核意见",
    "withdraw": "撤回",
    "link": "关联重复信访",
    "set_case_owner": "设置包案领导",
    "record_revisit_outcome": "登记回访结果",
}


def label(field: str) -> str:
    return LABELS.get(field, field)


def transition_refused(command: str, status: str, allowed: list[str]) -> str:
    """``InvalidTransition`` in Chinese: the state, the command, and what may be done now.
    ``status`` may carry " (extension pending)" (state.py's ``status_label``)."""
    base, _, pending = status.partition(" (")
    now = STATUSES.get(base, base) + ("，延期申请待批" if pending else "")
    can = "、".join(COMMANDS.get(c, c) for c in allowed) or "无"
    return f"信访事项现为“{now}”，不能{COMMANDS.get(command, command)}。现在可以：{can}"
