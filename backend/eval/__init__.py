"""Text-motion evaluator, label recognisers and the metrics every generator is scored with."""
