//! A condition as a tree of parts, addressed by paths: the part at
//! `[1, 0]` is the first part of the second part of the root (a `Not` has
//! one part, at index 0). The editor builds a whole new condition with
//! these functions and replaces the old one in one edit.

use super::Condition;

/// The parts directly inside a condition (none for a leaf).
pub fn children(condition: &Condition) -> Vec<&Condition> {
    match condition {
        Condition::All(parts) | Condition::Any(parts) => parts.iter().collect(),
        Condition::Not(inner) => vec![&**inner],
        _ => Vec::new(),
    }
}

/// The part at `path`, if there is one.
pub fn part_at<'a>(condition: &'a Condition, path: &[usize]) -> Option<&'a Condition> {
    let Some((&first, rest)) = path.split_first() else {
        return Some(condition);
    };
    let child = children(condition).into_iter().nth(first)?;
    part_at(child, rest)
}

/// The condition with the part at `path` replaced by `part`; `None` when
/// the path leads nowhere.
pub fn replace_at(condition: &Condition, path: &[usize], part: Condition) -> Option<Condition> {
    let Some((&first, rest)) = path.split_first() else {
        return Some(part);
    };
    match condition {
        Condition::All(parts) => replace_in(parts, first, rest, part).map(Condition::All),
        Condition::Any(parts) => replace_in(parts, first, rest, part).map(Condition::Any),
        Condition::Not(inner) if first == 0 => {
            replace_at(inner, rest, part).map(|new| Condition::Not(Box::new(new)))
        }
        _ => None,
    }
}

fn replace_in(
    parts: &[Condition],
    index: usize,
    rest: &[usize],
    part: Condition,
) -> Option<Vec<Condition>> {
    let mut parts = parts.to_vec();
    let slot = parts.get_mut(index)?;
    *slot = replace_at(slot, rest, part)?;
    Some(parts)
}

/// The condition without the part at `path`, which must be a part of an
/// All or Any (the root, or the only part of a Not, cannot be removed).
pub fn remove_at(condition: &Condition, path: &[usize]) -> Option<Condition> {
    let (&last, parent_path) = path.split_last()?;
    let parent = match part_at(condition, parent_path)? {
        Condition::All(parts) => Condition::All(without(parts, last)?),
        Condition::Any(parts) => Condition::Any(without(parts, last)?),
        _ => return None,
    };
    replace_at(condition, parent_path, parent)
}

fn without(parts: &[Condition], index: usize) -> Option<Vec<Condition>> {
    let mut parts = parts.to_vec();
    (index < parts.len()).then(|| parts.remove(index))?;
    Some(parts)
}

/// The condition with `part` added at the end of the All or Any at `path`.
pub fn push_at(condition: &Condition, path: &[usize], part: Condition) -> Option<Condition> {
    let grown = match part_at(condition, path)? {
        Condition::All(parts) => Condition::All(with_pushed(parts, part)),
        Condition::Any(parts) => Condition::Any(with_pushed(parts, part)),
        _ => return None,
    };
    replace_at(condition, path, grown)
}

fn with_pushed(parts: &[Condition], part: Condition) -> Vec<Condition> {
    let mut parts = parts.to_vec();
    parts.push(part);
    parts
}

/// How the parts of a group combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combinator {
    /// Every part holds.
    All,
    /// At least one part holds.
    Any,
}

impl Combinator {
    /// The words shown in the editor.
    pub fn label(self) -> &'static str {
        match self {
            Combinator::All => "all of",
            Combinator::Any => "any of",
        }
    }

    /// How a condition combines its parts; `None` for anything but All/Any.
    pub fn of(condition: &Condition) -> Option<Combinator> {
        match condition {
            Condition::All(_) => Some(Combinator::All),
            Condition::Any(_) => Some(Combinator::Any),
            _ => None,
        }
    }
}

/// An All or Any with its parts combined the other way; anything else
/// unchanged.
pub fn with_combinator(condition: &Condition, combinator: Combinator) -> Condition {
    match (condition, combinator) {
        (Condition::All(parts) | Condition::Any(parts), Combinator::All) => {
            Condition::All(parts.clone())
        }
        (Condition::All(parts) | Condition::Any(parts), Combinator::Any) => {
            Condition::Any(parts.clone())
        }
        _ => condition.clone(),
    }
}

/// The condition negated.
pub fn wrapped_in_not(condition: &Condition) -> Condition {
    Condition::Not(Box::new(condition.clone()))
}

/// A Not's inner condition; anything else unchanged.
pub fn unwrapped(condition: &Condition) -> Condition {
    match condition {
        Condition::Not(inner) => (**inner).clone(),
        _ => condition.clone(),
    }
}

/// The condition as the only part of a new All group, to which more parts
/// can be added.
pub fn nested(condition: &Condition) -> Condition {
    Condition::All(vec![condition.clone()])
}

/// "1.2" for the path `[0, 1]`: the numbers users see, from 1.
pub fn path_label(path: &[usize]) -> String {
    let numbers: Vec<String> = path.iter().map(|i| (i + 1).to_string()).collect();
    numbers.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(field: &str) -> Condition {
        Condition::NotEmpty {
            field: field.to_owned(),
        }
    }

    fn sample() -> Condition {
        Condition::All(vec![
            leaf("a"),
            Condition::Any(vec![leaf("b"), wrapped_in_not(&leaf("c"))]),
        ])
    }

    #[test]
    fn parts_are_found_by_path() {
        let tree = sample();
        assert_eq!(part_at(&tree, &[]), Some(&tree));
        assert_eq!(part_at(&tree, &[1, 0]), Some(&leaf("b")));
        assert_eq!(part_at(&tree, &[1, 1, 0]), Some(&leaf("c")));
        assert_eq!(part_at(&tree, &[2]), None);
        assert_eq!(part_at(&tree, &[0, 0]), None);
        assert_eq!(path_label(&[1, 0]), "2.1");
    }

    #[test]
    fn a_part_is_replaced_removed_and_added() {
        let tree = sample();
        let replaced = replace_at(&tree, &[1, 1, 0], leaf("z")).unwrap();
        assert_eq!(part_at(&replaced, &[1, 1, 0]), Some(&leaf("z")));
        assert_eq!(part_at(&replaced, &[0]), Some(&leaf("a")));
        assert_eq!(replace_at(&tree, &[5], leaf("z")), None);

        let removed = remove_at(&tree, &[1, 0]).unwrap();
        assert_eq!(
            part_at(&removed, &[1]),
            Some(&Condition::Any(vec![wrapped_in_not(&leaf("c"))]))
        );
        // The root and the inside of a Not are not parts of a list.
        assert_eq!(remove_at(&tree, &[]), None);
        assert_eq!(remove_at(&tree, &[1, 1, 0]), None);
        assert_eq!(remove_at(&tree, &[7]), None);

        let grown = push_at(&tree, &[1], leaf("d")).unwrap();
        assert_eq!(part_at(&grown, &[1, 2]), Some(&leaf("d")));
        assert_eq!(push_at(&tree, &[0], leaf("d")), None);
    }

    #[test]
    fn groups_switch_nest_and_negate() {
        let tree = sample();
        let any = with_combinator(&tree, Combinator::Any);
        assert_eq!(Combinator::of(&any), Some(Combinator::Any));
        assert_eq!(children(&any), children(&tree));
        assert_eq!(with_combinator(&leaf("a"), Combinator::Any), leaf("a"));

        let nested_leaf = nested(&leaf("a"));
        assert_eq!(nested_leaf, Condition::All(vec![leaf("a")]));
        let negated = wrapped_in_not(&nested_leaf);
        assert_eq!(unwrapped(&negated), nested_leaf);
        assert_eq!(unwrapped(&leaf("a")), leaf("a"));
    }
}
