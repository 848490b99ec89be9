package match

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// codecVersion is the first byte of a marshalled Features. Bump it when the extraction
// changes meaningfully. Version 3 appends the near-name hashes, version 4 the surname, version
// 5 the names the text gives (Named), version 6 the given name's hash and the nickname flag;
// older blobs still decode, without them: an item stored before version 4 has no surname, so
// a polite name (伍女士) matches only items stored since. A version this code does not know is
// an error, and the caller re-extracts from the item's text.
const codecVersion = 6

// ErrFeatures reports a malformed or foreign-version features blob.
var ErrFeatures = errors.New("match: malformed features")

// Marshal encodes f in a compact binary form (varints, delta-coded shingles).
func (f *Features) Marshal() []byte {
	b := make([]byte, 0, 64+len(f.Shingles)*3+len(f.Entities)*16)
	b = append(b, codecVersion)
	b = binary.LittleEndian.AppendUint64(b, f.Name)
	b = appendString(b, f.District)
	b = appendString(b, f.Street)
	b = binary.AppendUvarint(b, uint64(f.Dept))
	b = append(b, f.Category, f.CatMargin)
	b = binary.AppendUvarint(b, uint64(len(f.Entities)))
	for _, e := range f.Entities {
		b = append(b, e.Kind)
		b = appendString(b, e.Text)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Nums)))
	for _, n := range f.Nums {
		b = append(b, n.Unit)
		b = binary.AppendVarint(b, n.Value)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Tags)))
	for _, t := range f.Tags {
		b = binary.AppendUvarint(b, uint64(t))
	}
	b = binary.AppendUvarint(b, uint64(len(f.Shingles)))
	prev := uint32(0)
	for _, s := range f.Shingles {
		b = binary.AppendUvarint(b, uint64(s-prev))
		prev = s
	}
	b = binary.AppendUvarint(b, uint64(len(f.NameNear)))
	for _, h := range f.NameNear {
		b = binary.LittleEndian.AppendUint32(b, h)
	}
	b = binary.LittleEndian.AppendUint32(b, f.Surname)
	b = append(b, byte(b2i(f.Polite)))
	b = binary.AppendUvarint(b, uint64(len(f.Named)))
	for _, h := range f.Named {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	b = binary.LittleEndian.AppendUint32(b, f.Given)
	return append(b, byte(b2i(f.Nick)))
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) < 1 {
		r.err = ErrFeatures
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) u64() uint64 {
	if r.err != nil || len(r.b) < 8 {
		r.err = ErrFeatures
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) u32() uint32 {
	if r.err != nil || len(r.b) < 4 {
		r.err = ErrFeatures
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = ErrFeatures
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = ErrFeatures
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a slice length and rejects one larger than the remaining input could hold.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err = ErrFeatures
		return 0
	}
	return int(n)
}

// flag reads a byte that must be 0 or 1.
func (r *reader) flag(what string) bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.err = fmt.Errorf("%w: %s flag", ErrFeatures, what)
	return false
}

func (r *reader) string() string {
	n := r.count()
	if r.err != nil {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// Unmarshal decodes what Marshal produced.
func Unmarshal(b []byte) (*Features, error) {
	r := &reader{b: b}
	v := r.byte()
	if r.err == nil && (v < 2 || v > codecVersion) {
		return nil, fmt.Errorf("%w: version %d", ErrFeatures, v)
	}
	f := &Features{}
	f.Name = r.u64()
	f.District = r.string()
	f.Street = r.string()
	f.Dept = uint32(r.uvarint())
	f.Category = r.byte()
	f.CatMargin = r.byte()
	if n := r.count(); n > 0 {
		f.Entities = make([]Entity, n)
		for i := range f.Entities {
			f.Entities[i].Kind = r.byte()
			f.Entities[i].Text = r.string()
		}
	}
	if n := r.count(); n > 0 {
		f.Nums = make([]Num, n)
		for i := range f.Nums {
			f.Nums[i].Unit = r.byte()
			f.Nums[i].Value = r.varint()
		}
	}
	if n := r.count(); n > 0 {
		f.Tags = make([]uint16, n)
		for i := range f.Tags {
			f.Tags[i] = uint16(r.uvarint())
		}
	}
	if n := r.count(); n > 0 {
		f.Shingles = make([]uint32, n)
		prev := uint32(0)
		for i := range f.Shingles {
			prev += uint32(r.uvarint())
			f.Shingles[i] = prev
		}
	}
	if v >= 3 {
		if n := r.count(); n > 0 {
			f.NameNear = make([]uint32, n)
			for i := range f.NameNear {
				f.NameNear[i] = r.u32()
			}
		}
	}
	if v >= 4 {
		f.Surname = r.u32()
		f.Polite = r.flag("polite")
	}
	if v >= 5 {
		if n := r.count(); n > 0 {
			f.Named = make([]uint64, n)
			for i := range f.Named {
				f.Named[i] = r.u64()
			}
		}
	}
	if v >= 6 {
		f.Given = r.u32()
		f.Nick = r.flag("nickname")
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrFeatures, len(r.b))
	}
	return f, nil
}
