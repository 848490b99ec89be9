package service

// The people-facing texts the services return, in one catalogue. Page texts live in the
// templates (handler/templates); SMS texts in configs/.
const (
	MsgInternal      = "系统繁忙，请稍后再试"
	MsgUnavailable   = "服务暂时不可用，请稍后再试"
	MsgLoginRequired = "请先登录"
	MsgForbidden     = "您没有权限进行此操作"
	MsgNotFound      = "未找到相关记录"
	MsgBadRequest    = "请求格式有误"
	MsgBodyTooLarge  = "提交的内容过大"
	MsgTooMany       = "操作过于频繁，请稍后再试"
	MsgCrossOrigin   = "请求来源不被允许，请刷新页面后重试"
	MsgPhoneBad      = "请填写正确的 11 位手机号码"
	MsgIDBad         = "身份证号码有误，请核对后重新填写"
	MsgAlreadyDone   = "该记录已被他人处理，请刷新后查看"
	MsgDuplicate     = "该记录已存在"
)
