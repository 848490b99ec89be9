// Package match decides, for petition items arriving by many channels, whether a new item is
// the same person's same matter as an earlier one (merge), possibly so (a registrar reviews),
// the same matter raised by someone else (a group petition: link), or unrelated; it screens
// out non-petition matters (litigation, neighbour and property-management disputes) with
// guidance naming the right channel, and suggests a purpose and a category.
//
// It is pure Go with no state: the store keeps each item's Features (Marshal/Unmarshal) and
// index Keys, retrieves candidates through the keys, and calls Compare per candidate item and
// CompareCase per candidate case.
//
// # Method
//
// A decision has two independent halves.
//
// Person. Identifiers are compared by the store through blind indexes and passed in as
// Identity: an equal ID number is decisive, a different one rules the person out; an equal
// phone or openid is strong; a different phone alone is weak (people change phones). Letters
// and e-mails often carry only a name, so an equal name with nothing contradicting it is
// enough for a merge when the matter agrees. A name one character off with the same surname
// (刘贵英 / 刘桂英) or a surname with a form of address (王女士 / 王秀梅) is the same person with
// an identifier in common and a variant without one: enough for a registrar's review, or for
// a follow-up that refers back from the same street, never for a merge on agreeing items
// alone. Any other name is another person unless an identifier says otherwise (then a
// registrar reviews: a family member's phone).
//
// Matter. The text is normalised (full-width forms, punctuation, Chinese numerals → digits,
// "4.1万" = "41,000元"), stripped of greetings, self-introductions ("本人…，身份证号…") and
// request formulas ("希望…", "请求…"), which vary between submissions of one matter. From the
// rest come:
//   - entities found by their generic suffix: organisations (…有限公司, reduced to brand +
//     industry), estates and buildings (…花园, …大厦, …新村), roads, streets and towns,
//     schools, courts, shops, documents (…证明);
//   - quantities with their unit: money, months, calendar years, durations, times, tenths
//     (成), floors, house numbers, hours;
//   - attribute tags from small closed vocabularies: whose child, time of day, kind of
//     nuisance, kind of spot, the request (社保转移, 扬尘, 占道…), and what the writer says of
//     the item itself — another matter (另外反映), the matter moved on (尚欠), or a follow-up
//     of what they sent before (再次来信, 上次反映的, 还是没发);
//   - a category from weighted domain keywords (organisation names removed first);
//   - character-bigram shingles for Jaccard similarity.
//
// Agreeing details and text similarity raise the matter score. A detail that both items
// state differently — another company, another amount, another year, another estate,
// another child — all but vetoes it: two matters of one kind (one person's two employers,
// two neighbours' disputes) share most of their wording and differ exactly there. Names
// one dropped character apart match ("深圳市科物业" / "深圳市新科物业"); names two apart are
// "unsure" rather than different, and a number with a dropped digit is "near", so typing
// slips do not split a matter.
//
// Places are read against the city's districts and streets (places.go, as routing.yaml): a
// street in the text must be one of them, and a district or street in front of an estate's or
// a company's name is not part of it (坪山锦绣华庭 → 锦绣华庭, 龙田恒昌厂 → 恒昌).
//
// Merge needs both halves high. The same person on the same kind of matter with nothing
// contradicting but little in common goes to a registrar (Review). A different person on
// the same matter is a Link only when nothing contradicts, at least one matter-specific
// detail (organisation, estate, school, amount, house number, road within a street) is
// shared, and — for kinds that are by nature one person's (a school place, a veteran's file,
// a hukou application, a lawsuit, a neighbour, a shop lease) — more details agree.
//
// A learnt second reading (RepeatModel, configs/repeat_model.tsv) is asked where the rules
// find the writer but not the matter and read nothing that tells the two apart: logistic
// regression over the rules' evidence, the rare wording two items share (IDF over the labelled
// corpus) and how close their topics are (character pairs clustered by the company they keep).
// It merges above a threshold chosen out of sample, with its score in the reasons; CompareCase
// drops such a merge when another item of the case tells the matters apart.
//
// # Why it generalises
//
// Nothing refers to particular companies, estates or people. The extraction knows Chinese
// naming patterns (a proper name followed by a kind word), units and a domain vocabulary
// of the petition categories; the decision rules are about agreement and contradiction of
// details, which holds for any matter of any kind. Thresholds were set on one half of the
// labelled development data (matters with an even id hash) and checked on the other half
// (see TestEvaluateDevSet); the method was also checked with extra random typing slips,
// wrong districts and dropped phones.
//
// # Candidate retrieval
//
// Keys gives name keys (name alone, with district, category, leading entities, leading
// quantity; within the street, else the district, the name with one character masked and the
// surname) and text keys (entities, a company's brand and a school's core within the
// district, entity + quantity, street + road/estate, category + quantities, MinHash LSH
// bands). The true earlier items of the same person's matter share a name key or a blind
// identifier key; text keys serve group petitions. The store may cap every key at its most
// recent items: merges need only the name and identifier keys.
package match
