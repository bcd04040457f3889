"""
=======================================
Fitting sin(x) with two logistic layers
=======================================

Regression of sin(x) on [-2π, 2π] with two hidden layers of 10 logistic
units, trained by stochastic gradient descent one sample at a time
(``batch_size=1``) with Nesterov's momentum. ``partial_fit`` runs one epoch
per call, so the error on test points can be recorded after every epoch, next
to the training loss.
"""

# %%
# The data
# --------
# 300 noisy training samples, and 400 test points on a regular grid with the
# exact values.
import matplotlib.pyplot as plt
import numpy as np

from sklearn_mlp_np import NumpyMLPRegressor

rng = np.random.RandomState(0)
X_train = rng.uniform(-2 * np.pi, 2 * np.pi, size=(300, 1))
y_train = np.sin(X_train).ravel() + rng.normal(scale=0.05, size=300)
X_test = np.linspace(-2 * np.pi, 2 * np.pi, 400).reshape(-1, 1)
y_test = np.sin(X_test).ravel()

# %%
# Training, one epoch per call
# ----------------------------
# Logistic units saturate on inputs as large as 2π, so the inputs are divided
# by π: the network sees [-2, 2]. ``momentum=0.9`` with
# ``nesterovs_momentum=True`` are the defaults of ``solver="sgd"``.
scale = np.pi
model = NumpyMLPRegressor(
    hidden_layer_sizes=(10, 10),
    activation="logistic",
    solver="sgd",
    batch_size=1,
    learning_rate_init=0.01,
    momentum=0.9,
    nesterovs_momentum=True,
    alpha=0.0,
    random_state=0,
)
n_epochs = 300
train_loss, test_loss = [], []
for _ in range(n_epochs):
    model.partial_fit(X_train / scale, y_train)
    train_loss.append(model.loss_)
    error = model.predict(X_test / scale) - y_test
    test_loss.append(0.5 * np.mean(error**2))

prediction = model.predict(X_test / scale)
errors = np.abs(prediction - y_test)
print(f"test loss (half mean squared error): {test_loss[-1]:.5f}")
print(f"largest error on the test grid: {errors.max():.3f}")
print(f"error at x = -2π: {errors[0]:.3f}, at x = 2π: {errors[-1]:.3f}")

# %%
# The fit
# -------
# After 300 epochs the network (red) follows sin(x) (dashed) over the whole
# interval, the two ends included.
fig, ax = plt.subplots(figsize=(6.5, 4.5))
ax.scatter(X_train, y_train, s=8, color="silver", label="training samples")
ax.plot(X_test, prediction, color="tab:red", lw=3, label="network")
ax.plot(X_test, y_test, color="black", lw=1.2, ls="--", label="sin(x)")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_ylim(-1.5, 1.5)
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
fig.tight_layout()

# %%
# The losses, epoch by epoch
# --------------------------
# The training loss (against the noisy samples) and the test loss (against
# the exact sin(x)) fall together, in steps: each drop is the network
# learning more bends of the curve, and the last one, between epochs 150 and
# 250, is where it fits the two ends. Stopped before, the fit is wrong there.
# By epoch 300 the training loss, 0.00177, is still about 40% above its
# floor, half the variance of the noise (0.5 * 0.05² = 0.00125), and both
# losses still fall, slowly.
# Epochs are counted from 1, the first call to ``partial_fit``.
for epoch in (150, 250, 280, 300):
    print(
        f"epoch {epoch}: training loss {train_loss[epoch - 1]:.5f}, "
        f"test loss {test_loss[epoch - 1]:.5f}"
    )
print(f"the noise's floor: {0.5 * 0.05**2:.5f}")
epochs = np.arange(1, n_epochs + 1)
fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(epochs, train_loss, label="training loss")
ax.plot(epochs, test_loss, label="test loss")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("half mean squared error")
ax.legend()
fig.tight_layout()
plt.show()

# sphinx_gallery_thumbnail_number = 1
