#!/usr/bin/env python3
"""Hand-written hold-out set 4 for the petition-registration service.

All content texts below were written by hand. Derived fields (phones, ID numbers, openids,
timestamps, which identity fields an item carries) come from a seeded random.Random, so the
output is deterministic. Run: python3 gen.py  -> writes cases-holdout4.jsonl, validates, prints
summary tables. Exit status 0 only when every check passes.
"""
import datetime as dt
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases-holdout4.jsonl")
SEED = "eval4-shenzhen-xinfang-handwritten-2026"

NON_PETITION = {"诉讼", "邻里纠纷", "物业纠纷"}
PETITION_CATS = {
    "欠薪讨薪", "社会保险", "住房与不动产登记", "城市更新与征收补偿", "城市管理", "生态环境",
    "教育", "交通运输", "医疗卫生", "市场监管", "户籍与人才", "退役军人", "民政", "企业服务",
    "干部作风与执法",
}
STOCK_WORDS = ["诉讼", "起诉", "法院", "判决", "邻居", "物业", "物业公司"]
CHANNELS = ["visit", "letter", "email", "online", "wechat", "miniprogram", "phone", "superior"]
CH = {"v": "visit", "l": "letter", "e": "email", "o": "online", "w": "wechat",
      "m": "miniprogram", "p": "phone", "s": "superior"}
STREETS = {
    "罗湖区": ["笋岗街道", "东门街道", "桂园街道", "黄贝街道", "翠竹街道", "莲塘街道"],
    "福田区": ["莲花街道", "华强北街道", "沙头街道", "福保街道", "梅林街道", "园岭街道"],
    "南山区": ["粤海街道", "南头街道", "蛇口街道", "西丽街道", "桃源街道", "招商街道"],
    "宝安区": ["新安街道", "西乡街道", "福海街道", "福永街道", "沙井街道", "松岗街道", "石岩街道", "航城街道"],
    "龙岗区": ["布吉街道", "坂田街道", "平湖街道", "横岗街道", "龙城街道", "坪地街道"],
    "龙华区": ["民治街道", "大浪街道", "观澜街道", "龙华街道", "观湖街道", "福城街道"],
    "坪山区": ["坑梓街道", "马峦街道", "坪山街道", "石井街道", "龙田街道"],
    "光明区": ["公明街道", "光明街道", "玉塘街道", "马田街道", "凤凰街道"],
    "盐田区": ["沙头角街道", "海山街道", "盐田街道"],
    "大鹏新区": ["葵涌街道", "大鹏街道", "南澳街道"],
}

# ---------------------------------------------------------------- people (hand-made)
# key: (name, sex, birth year, GB 2260 Guangdong area code of the ID)
PEOPLE = {}


def P(key, name, sex, year, area):
    assert key not in PEOPLE, key
    PEOPLE[key] = (name, sex, year, area)


# ---------------------------------------------------------------- matters (hand-made)
MATTERS = []  # dicts


def M(key, cat, district, street, dept, cases, tricky=False, note=""):
    MATTERS.append(dict(key=key, cat=cat, district=district, street=street, dept=dept,
                        cases=cases, tricky=tricky, note=note))


# Hard negatives: pairs of different matters that look alike.
HARD_NEG = []


def HN(a, b, why):
    HARD_NEG.append((a, b, why))


exec_people = True
