// Package wxmenu is the official account's custom menu as data, validated against WeChat's
// limits before it is pushed.
package wxmenu
