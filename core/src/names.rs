//! One mechanism for enums that travel as fixed strings (JSON, database columns, form values):
//! each variant's string is written once, and `ALL`, `as_str`, `parse`, `Display` and serde
//! follow from it, so the wire name and the stored name can never drift apart.

/// A string that names no value of an enum declared with [`string_enum!`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The enum.
    pub type_name: &'static str,
    /// The string.
    pub value: String,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "'{}' is not a {}", self.value, self.type_name)
    }
}

impl std::error::Error for UnknownName {}

/// Declares an enum whose variants each carry a fixed string:
///
/// ```
/// portal_core::string_enum! {
///     /// A colour.
///     pub enum Colour {
///         /// Red.
///         Red = "red",
///         /// Dark blue.
///         DarkBlue = "dark_blue",
///     }
/// }
/// assert_eq!(Colour::DarkBlue.as_str(), "dark_blue");
/// assert_eq!(Colour::parse("red"), Some(Colour::Red));
/// assert_eq!(serde_json::to_string(&Colour::Red).unwrap(), "\"red\"");
/// assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
/// ```
///
/// The enum derives `Debug, Clone, Copy, PartialEq, Eq, Hash`; serde reads and writes the
/// strings (an unknown string is an error naming the known ones), and `TryFrom<String>` reads
/// them with an [`UnknownName`] error (for typed database rows).
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value's string, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The fixed string of this value.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value whose string is `s`.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::TryFrom<String> for $name {
            type Error = $crate::names::UnknownName;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                $name::parse(&s).ok_or_else(|| $crate::names::UnknownName {
                    type_name: stringify!($name),
                    value: s,
                })
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as $crate::__serde::Deserialize>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| {
                    <D::Error as $crate::__serde::de::Error>::unknown_variant(&s, $name::NAMES)
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    string_enum! {
        /// Test enum.
        enum Pet {
            /// A cat.
            Cat = "cat",
            /// A dog.
            BigDog = "big_dog",
        }
    }

    #[test]
    fn strings_round_trip_through_every_path() {
        for p in Pet::ALL {
            assert_eq!(Pet::parse(p.as_str()), Some(*p));
            assert_eq!(p.to_string(), p.as_str());
            let json = serde_json::to_string(p).expect("json");
            assert_eq!(json, format!("\"{}\"", p.as_str()));
            assert_eq!(serde_json::from_str::<Pet>(&json).expect("back"), *p);
        }
        assert_eq!(Pet::NAMES, ["cat", "big_dog"]);
        let err = serde_json::from_str::<Pet>("\"fish\"").expect_err("unknown");
        assert!(err.to_string().contains("big_dog"), "{err}");
        assert_eq!(Pet::parse("Cat"), None);
        assert_eq!(Pet::try_from("cat".to_owned()), Ok(Pet::Cat));
        let e = Pet::try_from("fish".to_owned()).expect_err("unknown");
        assert_eq!(e.to_string(), "'fish' is not a Pet");
    }
}
