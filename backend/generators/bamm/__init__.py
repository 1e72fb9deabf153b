"""BAMM (Pinyoanuntapong et al., ECCV 2024): bidirectional autoregressive masked model."""
