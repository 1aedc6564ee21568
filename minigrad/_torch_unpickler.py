"""A pickle reader that builds data and never runs code from the file.

Python's own unpickler imports whatever module a pickle names and calls
whatever it is told to; restricting ``find_class`` still leaves opcodes that
call methods of arbitrary objects (``APPEND`` calls ``.append``, ``BUILD``
``__setstate__``) and C-level recursion on deeply nested tuples. This reader
interprets the opcodes itself instead, and accepts only those that build
plain data: ``None``, bools, ints, floats, str, bytes, tuples, lists, dicts.
A global (``GLOBAL``, ``STACK_GLOBAL``) resolves only through the caller's
table of stand-ins, ``REDUCE`` calls only a stand-in that is a
:class:`SafeCall`, and ``BUILD`` only sets the ``_metadata`` attribute of an
``OrderedDict``. Opcodes that create or call anything else (``INST``,
``OBJ``, ``NEWOBJ``, ``EXT*``, out-of-band buffers) are refused, as are the
text opcodes of protocols 0 and 1, which ``torch.save`` never writes.

Every object built costs bytes against the caller's budget, tuples may nest
at most ``MAX_DEPTH`` deep (hashing a deeper tuple would recurse in C), and
the finished object is walked once, without recursion, to refuse cycles and
deeper nesting, so a small file cannot become a huge or pathological object.
"""
import collections
import pickletools
import struct

__all__ = ["MAX_DEPTH", "SafeCall", "UnsafePickleError", "unpickle"]

#: How deeply containers may nest in an unpickled object.
MAX_DEPTH = 100

#: What one built object is charged against the budget, besides its payload
#: (a Python object header, a stack or memo slot).
_OBJECT_COST = 64


class UnsafePickleError(ValueError):
    """The pickle asks for something a checkpoint of data must not contain."""


class SafeCall:
    """A stand-in for an allowed global that ``REDUCE`` may call.

    Parameters
    ----------
    name : str
        The global's dotted name, for messages.
    function : callable
        Called with the ``REDUCE`` arguments; it validates their values itself.
    arities : tuple of int
        The numbers of arguments it may be called with.
    """

    def __init__(self, name, function, arities):
        self.name, self.function, self.arities = name, function, arities

    def __repr__(self):
        return self.name


class _Mark:
    """The value MARK leaves on the stack (its identity is what matters)."""


def _opcode_name(code):
    op = pickletools.code2op.get(chr(code))
    return op.name if op is not None else f"{code:#04x}"


class _Interpreter:
    def __init__(self, data, find_global, persistent_load, budget):
        self.data, self.pos = memoryview(data), 0
        self.find_global, self.persistent_load = find_global, persistent_load
        self.budget = budget
        self.stack, self.marks, self.memo = [], [], {}
        self.depth = {}  # id(tuple) -> (tuple, nesting depth); the tuple is kept alive

    # ------------------------------------------------------------------ reading
    def _take(self, n):
        if n > len(self.data) - self.pos:
            raise EOFError(f"the pickle ends inside an argument at byte {self.pos} "
                           f"(it needs {n} more bytes)")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def _uint(self, n):
        return int.from_bytes(self._take(n), "little")

    def _line(self):
        window = bytes(self.data[self.pos:self.pos + 256])
        end = window.find(b"\n")
        if end < 0 and len(window) < 256:
            raise EOFError(f"the pickle ends inside a GLOBAL name at byte {self.pos}")
        if end < 0:
            raise UnsafePickleError(f"a GLOBAL name at byte {self.pos} is not terminated "
                                    f"within 256 bytes")
        line = bytes(self._take(end + 1)[:-1])
        return line.decode("utf-8")

    # ------------------------------------------------------------------ the stack
    def _push(self, value, payload=0):
        self.budget(_OBJECT_COST + payload)
        self.stack.append(value)

    def _pop(self):
        if not self.stack or (self.marks and len(self.stack) == self.marks[-1]):
            raise UnsafePickleError(f"stack underflow at byte {self.pos}")
        return self.stack.pop()

    def _pop_mark(self):
        if not self.marks:
            raise UnsafePickleError(f"no MARK before byte {self.pos}")
        start = self.marks.pop()
        items = self.stack[start:]
        del self.stack[start:]
        return items

    def _top(self, kind, what):
        if not self.stack or (self.marks and len(self.stack) == self.marks[-1]):
            raise UnsafePickleError(f"stack underflow at byte {self.pos}")
        target = self.stack[-1]
        if type(target) not in kind:
            raise UnsafePickleError(f"{what} at byte {self.pos} applies to a "
                                    f"{type(target).__name__}; only plain containers are "
                                    f"allowed")
        return target

    def _tuple(self, items):
        depth = 1 + max((self.depth[id(i)][1] for i in items if id(i) in self.depth),
                        default=0)
        if depth > MAX_DEPTH:
            raise UnsafePickleError(f"tuples nest more than {MAX_DEPTH} deep")
        value = tuple(items)
        if items:
            self.depth[id(value)] = (value, depth)
        self._push(value)

    # ------------------------------------------------------------------ the loop
    def run(self):
        handlers = _HANDLERS
        while True:
            if self.pos >= len(self.data):
                raise EOFError("the pickle ends without a STOP opcode")
            code = self.data[self.pos]
            self.pos += 1
            if code == 0x2E:  # STOP
                if len(self.stack) != 1 or self.marks:
                    raise UnsafePickleError("the pickle does not leave exactly one object")
                return self.stack[0]
            handler = handlers.get(code)
            if handler is None:
                raise UnsafePickleError(
                    f"opcode {_opcode_name(code)} at byte {self.pos - 1} is not allowed: a "
                    f"checkpoint may use only the opcodes that build plain data")
            handler(self)

    def op_proto(self):
        version = self._uint(1)
        if not 2 <= version <= 5:
            raise UnsafePickleError(f"pickle protocol {version} is not supported (2 to 5 are)")

    def op_frame(self):
        self._take(8)

    def op_mark(self):
        self.marks.append(len(self.stack))

    def op_pop(self):
        if self.marks and len(self.stack) == self.marks[-1]:
            self.marks.pop()
        else:
            self._pop()

    def op_pop_mark(self):
        self._pop_mark()

    def op_dup(self):
        value = self._pop()
        self.stack.append(value)
        self._push(value)

    def op_none(self):
        self._push(None)

    def op_newtrue(self):
        self._push(True)

    def op_newfalse(self):
        self._push(False)

    def op_binint(self):
        self._push(int.from_bytes(self._take(4), "little", signed=True))

    def op_binint1(self):
        self._push(self._uint(1))

    def op_binint2(self):
        self._push(self._uint(2))

    def op_long1(self):
        n = self._uint(1)
        self._push(int.from_bytes(self._take(n), "little", signed=True), n)

    def op_long4(self):
        n = self._uint(4)
        if n > 1024:
            raise UnsafePickleError(f"an integer of {n} bytes at byte {self.pos}")
        self._push(int.from_bytes(self._take(n), "little", signed=True), n)

    def op_binfloat(self):
        self._push(struct.unpack(">d", self._take(8))[0])

    def _unicode(self, n):
        self._push(str(self._take(n), "utf-8", "surrogatepass"), n)

    def op_short_binunicode(self):
        self._unicode(self._uint(1))

    def op_binunicode(self):
        self._unicode(self._uint(4))

    def op_binunicode8(self):
        self._unicode(self._uint(8))

    def op_short_binbytes(self):
        n = self._uint(1)
        self._push(bytes(self._take(n)), n)

    def op_binbytes(self):
        n = self._uint(4)
        self._push(bytes(self._take(n)), n)

    def op_binbytes8(self):
        n = self._uint(8)
        self._push(bytes(self._take(n)), n)

    def op_empty_tuple(self):
        self._push(())

    def op_tuple(self):
        self._tuple(self._pop_mark())

    def op_tuple1(self):
        self._tuple([self._pop()])

    def op_tuple2(self):
        second, first = self._pop(), self._pop()
        self._tuple([first, second])

    def op_tuple3(self):
        third, second, first = self._pop(), self._pop(), self._pop()
        self._tuple([first, second, third])

    def op_empty_list(self):
        self._push([])

    def op_list(self):
        self._push(self._pop_mark())

    def op_append(self):
        value = self._pop()
        self._top((list,), "APPEND").append(value)

    def op_appends(self):
        items = self._pop_mark()
        self._top((list,), "APPENDS").extend(items)

    def op_empty_dict(self):
        self._push({})

    def op_dict(self):
        items = self._pop_mark()
        if len(items) % 2:
            raise UnsafePickleError(f"DICT at byte {self.pos} has an odd number of items")
        self._push(dict(zip(items[::2], items[1::2])))

    def op_setitem(self):
        value, key = self._pop(), self._pop()
        self._top((dict, collections.OrderedDict), "SETITEM")[key] = value

    def op_setitems(self):
        items = self._pop_mark()
        if len(items) % 2:
            raise UnsafePickleError(f"SETITEMS at byte {self.pos} has an odd number of items")
        target = self._top((dict, collections.OrderedDict), "SETITEMS")
        for key, value in zip(items[::2], items[1::2]):
            target[key] = value

    def _put(self, index):
        if not self.stack:
            raise UnsafePickleError(f"memo store from an empty stack at byte {self.pos}")
        self.budget(_OBJECT_COST)
        self.memo[index] = self.stack[-1]

    def op_binput(self):
        self._put(self._uint(1))

    def op_long_binput(self):
        self._put(self._uint(4))

    def op_memoize(self):
        self._put(len(self.memo))

    def _get(self, index):
        try:
            self._push(self.memo[index])
        except KeyError:
            raise UnsafePickleError(f"memo entry {index} read at byte {self.pos} was never "
                                    f"stored") from None

    def op_binget(self):
        self._get(self._uint(1))

    def op_long_binget(self):
        self._get(self._uint(4))

    def op_global(self):
        module = self._line()
        self._push(self.find_global(module, self._line()))

    def op_stack_global(self):
        name, module = self._pop(), self._pop()
        if type(module) is not str or type(name) is not str:
            raise UnsafePickleError(f"STACK_GLOBAL at byte {self.pos} names a global with "
                                    f"non-strings")
        self._push(self.find_global(module, name))

    def op_reduce(self):
        args, function = self._pop(), self._pop()
        if not isinstance(function, SafeCall):
            raise UnsafePickleError(f"REDUCE at byte {self.pos} calls {function!r:.60}, which "
                                    f"is not an allowed function")
        if type(args) is not tuple:
            raise UnsafePickleError(f"REDUCE at byte {self.pos} passes {type(args).__name__} "
                                    f"arguments to {function.name}")
        if len(args) not in function.arities:
            raise UnsafePickleError(f"REDUCE at byte {self.pos} calls {function.name} with "
                                    f"{len(args)} arguments")
        self._push(function.function(*args))

    def op_build(self):
        state = self._pop()
        target = self._top((collections.OrderedDict,), "BUILD")
        if type(state) is not dict or set(state) - {"_metadata"}:
            raise UnsafePickleError(f"BUILD at byte {self.pos} may only set an OrderedDict's "
                                    f"_metadata, got {type(state).__name__} state")
        if "_metadata" in state:
            target._metadata = state["_metadata"]

    def op_binpersid(self):
        self._push(self.persistent_load(self._pop()))


_HANDLERS = {ord(op.code): getattr(_Interpreter, "op_" + op.name.lower())
             for op in pickletools.opcodes
             if hasattr(_Interpreter, "op_" + op.name.lower())}


def _children(obj):
    if isinstance(obj, dict):
        return [*obj.keys(), *obj.values()]
    return obj


def _check_structure(root):
    """Refuse cycles and nesting deeper than MAX_DEPTH.

    An iterative depth-first walk computes each container's height once, so
    shared sub-objects cost one visit however many paths lead to them.
    """
    containers = (list, tuple, dict, collections.OrderedDict)
    heights, ancestors = {}, set()
    stack = [(root, False)]
    while stack:
        obj, finished = stack.pop()
        if type(obj) not in containers or id(obj) in heights:
            continue
        if finished:
            ancestors.discard(id(obj))
            height = 1 + max((heights.get(id(c), 0) for c in _children(obj)), default=0)
            if height > MAX_DEPTH:
                raise UnsafePickleError(f"containers nest more than {MAX_DEPTH} deep")
            heights[id(obj)] = height
            continue
        if id(obj) in ancestors:
            raise UnsafePickleError("the object contains itself (a cycle)")
        if len(ancestors) >= MAX_DEPTH:
            raise UnsafePickleError(f"containers nest more than {MAX_DEPTH} deep")
        ancestors.add(id(obj))
        stack.append((obj, True))
        stack.extend((child, False) for child in _children(obj))


def unpickle(data, find_global, persistent_load, budget):
    """Build the object a pickle describes, allowing only data.

    Parameters
    ----------
    data : bytes
        The pickle.
    find_global : callable
        ``find_global(module, name)`` returns the stand-in for an allowed
        global or raises :class:`UnsafePickleError`.
    persistent_load : callable
        Resolves a ``BINPERSID`` identifier (a storage record).
    budget : callable
        ``budget(nbytes)`` is charged for every object built; it raises when
        the budget is spent.

    Returns
    -------
    object
        The unpickled object.

    Raises
    ------
    UnsafePickleError
        For anything but data, cycles and excessive nesting.
    EOFError
        If the pickle is truncated.
    """
    root = _Interpreter(data, find_global, persistent_load, budget).run()
    _check_structure(root)
    return root
