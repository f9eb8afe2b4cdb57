//! Response decoding: golden bodies, malformed ones, properties, limits, and XML
//! well-formedness.

mod golden;
mod limits;
mod malformed;
mod model;
mod outcome;
mod roundtrip;
mod text_decoding;
mod xml_differential;
mod xml_reader;
mod xml_well_formedness;
