package jsonscan

import "unsafe"

// Iter walks the members of one object or the elements of one array. The
// caller reads each value at Pos (moving on with SetPos) or takes it whole
// with Value:
//
//	it, err := jsonscan.Open(b, i, 0)
//	for it.Next() {
//		key := it.Key() // objects only: the key's bytes between the quotes
//		raw := it.Value()
//	}
//	end, err := it.End()
type Iter struct {
	b        []byte
	pos      int
	closer   byte // '}' or ']'
	depth    int  // nesting of the container itself
	n        int
	done     bool
	err      error
	key      []byte
	keyEsc   bool
	keyPlain bool // key is lower-case printable ASCII without escapes: its own Name
}

// Open starts walking the object or array whose opening bracket is at b[i]
// (after whitespace); depth is how deep that container is nested.
func Open(b []byte, i, depth int) (Iter, error) {
	i = SkipSpace(b, i)
	it := Iter{b: b, pos: i + 1, depth: depth + 1}
	switch {
	case i < len(b) && b[i] == '{':
		it.closer = '}'
	case i < len(b) && b[i] == '[':
		it.closer = ']'
	default:
		return it, errAt(b, i, "looking for an object or array")
	}
	if it.depth > MaxDepth {
		return it, &SyntaxError{Offset: i, Msg: "exceeded max depth"}
	}
	return it, nil
}

// Next moves to the next member or element, false at the end or on error.
func (it *Iter) Next() bool {
	if it.done || it.err != nil {
		return false
	}
	b := it.b
	i := SkipSpace(b, it.pos)
	if i < len(b) && b[i] == it.closer {
		it.pos, it.done = i+1, true
		return false
	}
	if it.n > 0 {
		if i >= len(b) || b[i] != ',' {
			what := "after array element"
			if it.closer == '}' {
				what = "after object key:value pair"
			}
			it.fail(i, what)
			return false
		}
		i = SkipSpace(b, i+1)
	}
	if it.closer == '}' {
		if i >= len(b) || b[i] != '"' {
			it.fail(i, "looking for beginning of object key string")
			return false
		}
		end, plain, esc, err := KeyString(b, i)
		if err != nil {
			it.err = err
			return false
		}
		it.key, it.keyPlain, it.keyEsc = b[i+1:end-1], plain, esc
		i = SkipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			it.fail(i, "after object key")
			return false
		}
		i++
	}
	it.pos = SkipSpace(b, i)
	if it.pos >= len(b) {
		it.fail(it.pos, "")
		return false
	}
	it.n++
	return true
}

func (it *Iter) fail(i int, what string) { it.err, it.pos = errAt(it.b, i, what), i }

// Key is the current member's key as it appears between the quotes.
func (it *Iter) Key() []byte { return it.key }

// KeyEscaped reports whether Key holds escapes (and so needs unquoting).
func (it *Iter) KeyEscaped() bool { return it.keyEsc }

// Name is Name(Key(), KeyEscaped()), known without a second look at the
// key's bytes for a plain lower-case key, as nearly every key is.
func (it *Iter) Name() string {
	if it.keyPlain {
		return unsafe.String(unsafe.SliceData(it.key), len(it.key))
	}
	return Name(it.key, it.keyEsc)
}

// Pos is where the current value starts.
func (it *Iter) Pos() int { return it.pos }

// Depth is the nesting of the current value.
func (it *Iter) Depth() int { return it.depth }

// SetPos records that the caller read the current value up to end.
func (it *Iter) SetPos(end int) { it.pos = end }

// Fail stops the walk with err (a value the caller read was malformed).
func (it *Iter) Fail(err error) {
	if it.err == nil {
		it.err = err
	}
}

// Value validates and skips the current value, returning its bytes.
func (it *Iter) Value() []byte {
	start := it.pos
	end, err := ValueEnd(it.b, start, it.depth)
	if err != nil {
		it.err = err
		return nil
	}
	it.pos = end
	return it.b[start:end:end]
}

// End returns the offset past the closing bracket, or the error that
// stopped the walk. Call it after Next returned false.
func (it *Iter) End() (int, error) {
	if it.err == nil && !it.done {
		// The caller stopped early: skip the rest to find the end.
		for it.Next() {
			it.Value()
		}
	}
	return it.pos, it.err
}

// EndOfInput is End for a walk over a whole document: anything but space
// after the top-level value is an error, worded as encoding/json words it.
func (it *Iter) EndOfInput() error {
	end, err := it.End()
	if err != nil {
		return err
	}
	if end = SkipSpace(it.b, end); end != len(it.b) {
		return errAt(it.b, end, "after top-level value")
	}
	return nil
}

// Bytes is the input being walked.
func (it *Iter) Bytes() []byte { return it.b }

// Len is how many members or elements Next has moved to.
func (it *Iter) Len() int { return it.n }
