package service

// The people-facing texts the services return, in one catalogue. Page texts live in the
// templates (handler/templates); SMS texts in configs/.
const (
	MsgInternal       = "系统繁忙，请稍后再试"
	MsgUnavailable    = "服务暂时不可用，请稍后再试"
	MsgBadLogin       = "用户名或密码错误"
	MsgLocked         = "登录失败次数过多，请 %d 分钟后再试"
	MsgLoginRequired  = "请先登录"
	MsgSessionEnded   = "登录已超时，请重新登录"
	MsgForbidden      = "您没有权限进行此操作"
	MsgNotFound       = "未找到相关记录"
	MsgMustChangePass = "首次登录或密码已重置，请先修改密码"
	MsgWeakPassword   = "密码至少 10 位，且须包含字母和数字"
	MsgSamePassword   = "新密码不能与原密码相同"
	MsgUsernameTaken  = "用户名已存在"
	MsgUsernameBad    = "用户名须为 3–32 位英文字母、数字、点、下划线或连字符（不区分大小写）"
	MsgDisplayName    = "请填写姓名（不超过 32 个字）"
	MsgRoleBad        = "角色无效"
	MsgRoleNeedsScope = "该角色须指定所属处室或部门"
	MsgBadRequest     = "请求格式有误"
	MsgBodyTooLarge   = "提交的内容过大"
	MsgTooMany        = "操作过于频繁，请稍后再试"
	MsgCrossOrigin    = "请求来源不被允许，请刷新页面后重试"
	MsgPhoneBad       = "请填写正确的 11 位手机号码"
	MsgIDBad          = "身份证号码有误，请核对后重新填写"
	MsgAlreadyDone    = "该记录已被他人处理，请刷新后查看"
	MsgDuplicate      = "该记录已存在"
)
