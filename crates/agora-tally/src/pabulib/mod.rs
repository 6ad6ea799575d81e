//! Pabulib `.pb` reader and writer.
