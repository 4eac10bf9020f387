"""The site's blueprints, one per audience: public (collectors), participant, organiser, the JSON
API and the IPFS gateway; `web` holds what they share."""
