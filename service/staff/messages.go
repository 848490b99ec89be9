package staff

// What staff read when signing in and managing accounts.
const (
	MsgBadLogin          = "用户名或密码错误"
	MsgLocked            = "登录失败次数过多，请 %d 分钟后再试"
	MsgSessionEnded      = "登录已超时，请重新登录"
	MsgMustChangePass    = "首次登录或密码已重置，请先修改密码"
	MsgWeakPassword      = "密码至少 10 位，且须包含字母和数字"
	MsgSamePassword      = "新密码不能与原密码相同"
	MsgUsernameTaken     = "用户名已存在"
	MsgUsernameBad       = "用户名须为 3–32 位英文字母、数字、点、下划线或连字符（不区分大小写）"
	MsgDisplayName       = "请填写姓名（不超过 32 个字）"
	MsgRoleBad           = "角色无效"
	MsgRoleNeedsScope    = "该角色须指定所属处室或部门"
	MsgOfficeUnknown     = "处室不存在，请从单位目录中选择（如协调化解一处）"
	MsgOfficeNotHandling = "承办人须属于协调化解一处、二处或三处"
	MsgDepartmentUnknown = "单位不在单位目录中，请从目录中选择（如深圳市人力资源和社会保障局）"
)
