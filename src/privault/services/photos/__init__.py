"""Service photos: sealed on the customer's record, viewed with audit, published with consent."""
