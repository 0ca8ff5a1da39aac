"""Points: earned on purchases, redeemed, adjusted by hand, expired after their time."""
