//! `\d \s \w` (and their negations) made ASCII before the HIR is built.
//!
//! In Unicode mode the regex crate reads `\w` as every Unicode word
//! character; the same class in POSIX notation (`[[:word:]]`) is ASCII even
//! in Unicode mode. Rewriting each Perl class into its POSIX twin keeps the
//! rest of the pattern (literals, `\p{..}`, case folding) Unicode.

use regex_syntax::ast::{
    Ast, ClassAscii, ClassAsciiKind, ClassBracketed, ClassPerl, ClassPerlKind, ClassSet,
    ClassSetItem,
};

/// Rewrites every Perl class in `ast`, inside brackets or not, into the
/// ASCII class of the same kind.
pub(super) fn perl_classes_to_ascii(ast: &mut Ast) {
    if let Ast::ClassPerl(perl) = ast {
        let bracketed = bracketed(ascii_twin(perl));
        *ast = bracketed;
        return;
    }
    match ast {
        Ast::ClassBracketed(class) => class_set(&mut class.kind),
        Ast::Repetition(repetition) => perl_classes_to_ascii(&mut repetition.ast),
        Ast::Group(group) => perl_classes_to_ascii(&mut group.ast),
        Ast::Alternation(alternation) => {
            alternation.asts.iter_mut().for_each(perl_classes_to_ascii)
        }
        Ast::Concat(concat) => concat.asts.iter_mut().for_each(perl_classes_to_ascii),
        Ast::Empty(_)
        | Ast::Flags(_)
        | Ast::Literal(_)
        | Ast::Dot(_)
        | Ast::Assertion(_)
        | Ast::ClassUnicode(_)
        | Ast::ClassPerl(_) => {}
    }
}

fn class_set(set: &mut ClassSet) {
    match set {
        ClassSet::Item(item) => class_item(item),
        ClassSet::BinaryOp(op) => {
            class_set(&mut op.lhs);
            class_set(&mut op.rhs);
        }
    }
}

fn class_item(item: &mut ClassSetItem) {
    match item {
        ClassSetItem::Perl(perl) => *item = ClassSetItem::Ascii(ascii_twin(perl)),
        ClassSetItem::Bracketed(class) => class_set(&mut class.kind),
        ClassSetItem::Union(union) => union.items.iter_mut().for_each(class_item),
        ClassSetItem::Empty(_)
        | ClassSetItem::Literal(_)
        | ClassSetItem::Range(_)
        | ClassSetItem::Ascii(_)
        | ClassSetItem::Unicode(_) => {}
    }
}

/// `\w` as `[:word:]`, `\D` as `[:^digit:]` and so on.
fn ascii_twin(perl: &ClassPerl) -> ClassAscii {
    let kind = match perl.kind {
        ClassPerlKind::Digit => ClassAsciiKind::Digit,
        ClassPerlKind::Space => ClassAsciiKind::Space,
        ClassPerlKind::Word => ClassAsciiKind::Word,
    };
    ClassAscii {
        span: perl.span,
        kind,
        negated: perl.negated,
    }
}

/// A POSIX class alone in brackets, where a Perl class stood outside them.
fn bracketed(ascii: ClassAscii) -> Ast {
    Ast::class_bracketed(ClassBracketed {
        span: ascii.span,
        negated: false,
        kind: ClassSet::Item(ClassSetItem::Ascii(ascii)),
    })
}
