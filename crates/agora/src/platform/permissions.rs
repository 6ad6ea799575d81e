//! The one permission function: "may this person do this action on this thing?"
//!
//! Every handler asks [`permits`]; nothing else decides access. It is a pure function of
//! plain facts (who the actor is, what the space is), so it is tested as a table below.

use serde::{Deserialize, Serialize};

/// A role in an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    Admin,
    Member,
}

/// A role inside one space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceRole {
    Admin,
    Moderator,
    Collaborator,
    Evaluator,
    Member,
}

/// Who may see and who may take part in a space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone sees; anyone signed in takes part.
    Public,
    /// Anyone sees; only members take part.
    MembersParticipate,
    /// Only members of the organisation or the space see and take part.
    Private,
    /// Only the space's own members (by invitation) see it; it is never listed to others.
    Secret,
}

macro_rules! text_enum {
    ($ty:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// The stored (and URL/API) form.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
            /// Parses the stored form.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}
text_enum!(OrgRole { Admin => "admin", Member => "member" });
text_enum!(SpaceRole {
    Admin => "admin", Moderator => "moderator", Collaborator => "collaborator",
    Evaluator => "evaluator", Member => "member",
});
text_enum!(Visibility {
    Public => "public", MembersParticipate => "members_participate",
    Private => "private", Secret => "secret",
});

/// The person asking, reduced to what permissions depend on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    pub signed_in: bool,
    pub instance_admin: bool,
    pub blocked: bool,
    pub org_role: Option<OrgRole>,
    pub space_role: Option<SpaceRole>,
}

impl Actor {
    /// Someone who is not signed in.
    pub const ANONYMOUS: Actor = Actor {
        signed_in: false,
        instance_admin: false,
        blocked: false,
        org_role: None,
        space_role: None,
    };
}

/// The space an action applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpaceFacts {
    pub visibility: Visibility,
    pub published: bool,
}

/// Everything a person may try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run the instance: create organisations (only instance administrators).
    AdminInstance,
    /// Edit the organisation, invite members, change roles, remove members, create spaces.
    AdminOrganization,
    /// See the space's pages (and its components).
    ViewSpace,
    /// See the space in the organisation's list of spaces.
    ListSpace,
    /// Take part: create, support, vote, comment (components may ask more, e.g. a verification).
    Participate,
    /// Hide, unhide, block, handle reports.
    Moderate,
    /// Answer proposals, evaluate projects.
    Evaluate,
    /// Edit the space, its phases and its components; publish or unpublish it.
    AdminSpace,
}

/// May `actor` do `action` (on `space`, for space actions)?
pub fn permits(actor: &Actor, action: Action, space: Option<&SpaceFacts>) -> bool {
    if actor.instance_admin && !actor.blocked {
        return true;
    }
    let org_admin = actor.org_role == Some(OrgRole::Admin) && !actor.blocked;
    let org_member = actor.org_role.is_some();
    let role = actor.space_role;
    let space_admin = org_admin || role == Some(SpaceRole::Admin);
    // Staff of a space may see it before it is published, to prepare it.
    let space_staff = space_admin
        || matches!(
            role,
            Some(SpaceRole::Moderator | SpaceRole::Collaborator | SpaceRole::Evaluator)
        );

    let sees = |space: &SpaceFacts| -> bool {
        if !space.published {
            return space_staff;
        }
        match space.visibility {
            Visibility::Public | Visibility::MembersParticipate => true,
            Visibility::Private => org_member || role.is_some(),
            Visibility::Secret => org_admin || role.is_some(),
        }
    };

    match action {
        // Instance administrators were answered above.
        Action::AdminInstance => false,
        Action::AdminOrganization => org_admin,
        Action::ViewSpace | Action::ListSpace => space.is_some_and(sees),
        Action::Participate => space.is_some_and(|s| {
            actor.signed_in
                && !actor.blocked
                && s.published
                && sees(s)
                && match s.visibility {
                    Visibility::Public => true,
                    Visibility::MembersParticipate | Visibility::Private => {
                        org_member || role.is_some()
                    }
                    Visibility::Secret => role.is_some() || org_admin,
                }
        }),
        Action::Moderate => {
            space.is_some_and(sees)
                && (space_admin || role == Some(SpaceRole::Moderator))
                && !actor.blocked
        }
        Action::Evaluate => {
            space.is_some_and(sees)
                && (space_admin || role == Some(SpaceRole::Evaluator))
                && !actor.blocked
        }
        Action::AdminSpace => space.is_some() && space_admin && !actor.blocked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Visibility::*;

    fn who(name: &str) -> Actor {
        let signed = Actor {
            signed_in: true,
            ..Actor::ANONYMOUS
        };
        match name {
            "anonymous" => Actor::ANONYMOUS,
            "outsider" => signed,
            "blocked-member" => Actor {
                blocked: true,
                org_role: Some(OrgRole::Member),
                ..signed
            },
            "org-member" => Actor {
                org_role: Some(OrgRole::Member),
                ..signed
            },
            "org-admin" => Actor {
                org_role: Some(OrgRole::Admin),
                ..signed
            },
            "space-member" => Actor {
                space_role: Some(SpaceRole::Member),
                ..signed
            },
            "moderator" => Actor {
                space_role: Some(SpaceRole::Moderator),
                ..signed
            },
            "evaluator" => Actor {
                space_role: Some(SpaceRole::Evaluator),
                ..signed
            },
            "space-admin" => Actor {
                space_role: Some(SpaceRole::Admin),
                ..signed
            },
            "instance-admin" => Actor {
                instance_admin: true,
                ..signed
            },
            other => panic!("unknown actor {other}"),
        }
    }

    /// One row per (actor, visibility): the expected answer for each action, in the order
    /// View, List, Participate, Moderate, Evaluate, AdminSpace, AdminOrganization.
    #[rustfmt::skip]
    const TABLE: &[(&str, Visibility, [u8; 7])] = &[
        ("anonymous",      Public,             [1, 1, 0, 0, 0, 0, 0]),
        ("anonymous",      MembersParticipate, [1, 1, 0, 0, 0, 0, 0]),
        ("anonymous",      Private,            [0, 0, 0, 0, 0, 0, 0]),
        ("anonymous",      Secret,             [0, 0, 0, 0, 0, 0, 0]),
        ("outsider",       Public,             [1, 1, 1, 0, 0, 0, 0]),
        ("outsider",       MembersParticipate, [1, 1, 0, 0, 0, 0, 0]),
        ("outsider",       Private,            [0, 0, 0, 0, 0, 0, 0]),
        ("outsider",       Secret,             [0, 0, 0, 0, 0, 0, 0]),
        ("blocked-member", Public,             [1, 1, 0, 0, 0, 0, 0]),
        ("blocked-member", Private,            [1, 1, 0, 0, 0, 0, 0]),
        ("org-member",     Public,             [1, 1, 1, 0, 0, 0, 0]),
        ("org-member",     MembersParticipate, [1, 1, 1, 0, 0, 0, 0]),
        ("org-member",     Private,            [1, 1, 1, 0, 0, 0, 0]),
        ("org-member",     Secret,             [0, 0, 0, 0, 0, 0, 0]),
        ("space-member",   MembersParticipate, [1, 1, 1, 0, 0, 0, 0]),
        ("space-member",   Private,            [1, 1, 1, 0, 0, 0, 0]),
        ("space-member",   Secret,             [1, 1, 1, 0, 0, 0, 0]),
        ("moderator",      Public,             [1, 1, 1, 1, 0, 0, 0]),
        ("moderator",      Secret,             [1, 1, 1, 1, 0, 0, 0]),
        ("evaluator",      Private,            [1, 1, 1, 0, 1, 0, 0]),
        ("space-admin",    Private,            [1, 1, 1, 1, 1, 1, 0]),
        ("space-admin",    Secret,             [1, 1, 1, 1, 1, 1, 0]),
        ("org-admin",      Public,             [1, 1, 1, 1, 1, 1, 1]),
        ("org-admin",      Secret,             [1, 1, 1, 1, 1, 1, 1]),
        ("instance-admin", Secret,             [1, 1, 1, 1, 1, 1, 1]),
    ];
    const ACTIONS: [Action; 7] = [
        ViewSpace,
        ListSpace,
        Participate,
        Moderate,
        Evaluate,
        AdminSpace,
        AdminOrganization,
    ];

    #[test]
    fn role_action_visibility_table() {
        for (name, visibility, expected) in TABLE {
            let space = SpaceFacts {
                visibility: *visibility,
                published: true,
            };
            for (action, want) in ACTIONS.iter().zip(expected) {
                assert_eq!(
                    permits(&who(name), *action, Some(&space)),
                    *want == 1,
                    "{name} / {visibility:?} / {action:?}"
                );
            }
        }
    }

    #[test]
    fn unpublished_spaces_are_seen_only_by_their_staff() {
        let draft = SpaceFacts {
            visibility: Public,
            published: false,
        };
        for (name, sees) in [
            ("anonymous", false),
            ("org-member", false),
            ("space-member", false),
            ("moderator", true),
            ("space-admin", true),
            ("org-admin", true),
        ] {
            assert_eq!(permits(&who(name), ViewSpace, Some(&draft)), sees, "{name}");
            assert!(!permits(&who(name), Participate, Some(&draft)) || name == "org-admin");
        }
    }

    #[test]
    fn space_actions_need_a_space() {
        assert!(!permits(&who("space-admin"), ViewSpace, None));
        assert!(!permits(&who("org-member"), Participate, None));
    }

    #[test]
    fn stored_forms_round_trip() {
        for v in [Public, MembersParticipate, Private, Secret] {
            assert_eq!(Visibility::parse(v.as_str()), Some(v));
        }
        assert_eq!(SpaceRole::parse("evaluator"), Some(SpaceRole::Evaluator));
        assert_eq!(OrgRole::parse("owner"), None);
    }

    #[test]
    fn only_instance_admins_run_the_instance() {
        for name in [
            "anonymous",
            "outsider",
            "org-member",
            "org-admin",
            "space-admin",
        ] {
            assert!(!permits(&who(name), AdminInstance, None), "{name}");
        }
        assert!(permits(&who("instance-admin"), AdminInstance, None));
        let blocked = Actor {
            blocked: true,
            ..who("instance-admin")
        };
        assert!(!permits(&blocked, AdminInstance, None));
    }
}
